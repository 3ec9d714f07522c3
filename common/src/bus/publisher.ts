import type { EventData, Subject } from '../events/catalogue';
import { createEnvelope, type EventEnvelope } from '../events/envelope';
import { metricsFor } from '../metrics/service-metrics';
import type { EventBus } from './event-bus';

/**
 * Publishes one subject with a typed payload, straight to the bus. Services that change a database
 * publish through their outbox instead (see `Outbox`), so a write never loses its event; this is for
 * publishers whose durable record lives elsewhere (e.g. a job queue that retries the publish).
 */
export abstract class Publisher<S extends Subject> {
  abstract readonly subject: S;

  constructor(protected readonly bus: EventBus) {}

  async publish(data: EventData<S>): Promise<EventEnvelope<S>> {
    const envelope = createEnvelope(this.subject, data);
    await this.bus.publish(envelope);
    metricsFor(this.bus.serviceName).eventsPublished.inc({ subject: envelope.subject });
    return envelope;
  }
}
