import {
  createEnvelope,
  loadConfig,
  Subjects,
  type EventBus,
  type TicketCreatedData,
} from '@ticketing/common';
import { InMemoryEventBus, serviceUnderTest, testServiceEnv } from '@ticketing/common/testing';
import { catalogConfigSchema, type CatalogConfig } from '../config';
import { startCatalogService } from '../start';

export function catalogTestConfig(overrides: Record<string, string> = {}): CatalogConfig {
  return loadConfig(catalogConfigSchema, { ...testServiceEnv('catalog'), ...overrides });
}

/**
 * A real catalog replica (HTTP, database of its own, listeners, memory) on a free port. With the
 * default in-memory bus, `deliver` hands an event to its listener and its follower as NATS would;
 * give it a real bus (and the same MONGO_URI) to run several replicas side by side.
 */
export async function startTestCatalogService({
  overrides = {},
  bus = new InMemoryEventBus(),
}: { overrides?: Record<string, string>; bus?: EventBus } = {}) {
  const config = catalogTestConfig(overrides);
  const service = await startCatalogService(config, { bus });
  return { config, bus, index: service.index, ...serviceUnderTest(service, config.MONGO_URI) };
}

export type TestCatalogService = Awaited<ReturnType<typeof startTestCatalogService>>;

/** Delivers a ticket's state to a service on the in-memory bus, as `ticket.created` or `ticket.updated`. */
export async function deliverTicket(service: TestCatalogService, data: TicketCreatedData) {
  const bus = service.bus as InMemoryEventBus;
  const subject = data.version === 0 ? Subjects.TicketCreated : Subjects.TicketUpdated;
  return bus.deliver(subject, data, { envelope: createEnvelope(subject, data) });
}
