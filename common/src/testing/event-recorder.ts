import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { connectEventBus } from '../bus/create-event-bus';
import type { EventBus } from '../bus/event-bus';
import { Listener } from '../bus/listener';
import { eventBusConfigShape } from '../config/service-config';
import { loadConfig } from '../config/load-config';
import type { EventData, Subject } from '../events/catalogue';
import { createLogger } from '../logging/logger';

/** Records every payload of one subject it is given, in the order they arrive. */
export class EventRecorder<S extends Subject> extends Listener<S> {
  readonly received: EventData<S>[] = [];

  constructor(readonly subject: S) {
    super();
  }

  async onMessage(data: EventData<S>): Promise<void> {
    this.received.push(data);
  }
}

/**
 * A JetStream bus of the test's own on a real NATS server: a service name (so queue group) no
 * service shares, so its listeners get their own copy of every event beside the services'.
 */
export function connectTestBus(natsUrl: string): Promise<EventBus> {
  const config = loadConfig(z.object(eventBusConfigShape), { NATS_URL: natsUrl });
  return connectEventBus(
    config,
    `test-${randomUUID().slice(0, 8)}`,
    createLogger('test-bus', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
}
