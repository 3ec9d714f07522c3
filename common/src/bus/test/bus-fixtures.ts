import { randomUUID } from 'node:crypto';
import { createLogger } from '../../logging/logger';
import { Subjects, type EventData } from '../../events/catalogue';
import { connectEventBus, type EventBusConfig } from '../create-event-bus';
import { Listener, type ReceivedEvent } from '../listener';
import type { EventBus } from '../event-bus';

export type Driver = 'jetstream' | 'stan';

export const logger = createLogger('bus-test', process.env.TEST_LOG_LEVEL ?? 'silent');

export function busConfig(driver: Driver, overrides: Partial<EventBusConfig> = {}): EventBusConfig {
  const url = driver === 'stan' ? process.env.STAN_URL : process.env.NATS_URL;
  if (!url) throw new Error(`the test harness did not start the ${driver} server`);
  return {
    EVENT_BUS: driver,
    NATS_URL: url,
    NATS_CLUSTER_ID: process.env.STAN_CLUSTER_ID ?? 'ticketing-test',
    EVENT_ACK_WAIT_MS: 1_000,
    EVENT_MAX_DELIVERIES: 3,
    EVENT_RETRY_DELAY_MS: 50,
    ...overrides,
  };
}

export const uniqueServiceName = () => `service-${randomUUID().slice(0, 8)}`;

/** A bus for a service of its own (a queue group no other test shares), unless one is named. */
export const connectBus = (
  driver: Driver,
  overrides: Partial<EventBusConfig> = {},
  serviceName = uniqueServiceName(),
) => connectEventBus(busConfig(driver, overrides), serviceName, logger);

export type TicketData = EventData<typeof Subjects.TicketCreated>;

export const ticketData = (overrides: Partial<TicketData> = {}): TicketData => ({
  id: randomUUID(),
  version: 0,
  title: 'Concert',
  price: 20,
  userId: randomUUID(),
  ...overrides,
});

type Handler = (
  data: TicketData,
  event: ReceivedEvent<typeof Subjects.TicketCreated>,
) => Promise<void>;

/** A ticket.created listener, recording what it handled. */
export class RecordingListener extends Listener<typeof Subjects.TicketCreated> {
  readonly subject = Subjects.TicketCreated;
  readonly handled: { data: TicketData; deliveryCount: number; eventId: string }[] = [];

  constructor(private readonly handler: Handler = async () => {}) {
    super();
  }

  async onMessage(
    data: TicketData,
    event: ReceivedEvent<typeof Subjects.TicketCreated>,
  ): Promise<void> {
    await this.handler(data, event);
    this.handled.push({ data, deliveryCount: event.deliveryCount, eventId: event.id });
  }

  /** What this listener handled among the given ticket ids (the stream also holds other tests' events). */
  handledOf(ids: string[]) {
    return this.handled.filter((h) => ids.includes(h.data.id));
  }
}

export async function closeAll(...buses: EventBus[]) {
  await Promise.all(buses.map((b) => b.close()));
}
