import { TicketStatus } from '@ticketing/common';
import { uniqueDatabaseUri, waitFor } from '@ticketing/common/testing';
import { daysFromNow, ticketEvent } from '../../test/catalog-fixtures';
import {
  deliverTicket,
  startTestCatalogService,
  type TestCatalogService,
} from '../../test/catalog-test-service';

/** A second replica on the same database, with a bus of its own that delivers nothing: it knows only what it loads. */
async function freshReplicaOn(mongoUri: string) {
  const replica = await startTestCatalogService({ overrides: { MONGO_URI: mongoUri } });
  await waitFor(async () => (await replica.http().get('/readyz')).status === 200, {
    what: 'the fresh replica to load',
  });
  return replica;
}

describe('writing ticket events into the catalog database', () => {
  let catalog: TestCatalogService;
  let mongoUri: string;
  beforeEach(async () => {
    mongoUri = uniqueDatabaseUri('catalog');
    catalog = await startTestCatalogService({ overrides: { MONGO_URI: mongoUri } });
  });
  afterEach(() => catalog.stop());

  it('when versions arrive out of order and repeated, then the newest is kept and the others are acknowledged and ignored', async () => {
    const v0 = ticketEvent({ price: 10 });
    const v2 = { ...v0, version: 2, price: 30, status: TicketStatus.Reserved, orderId: 'order-1' };
    const v1 = { ...v0, version: 1, price: 20 };

    expect(await deliverTicket(catalog, v2)).toEqual({ action: 'ack' });
    expect(await deliverTicket(catalog, v1)).toEqual({ action: 'ack', ignored: true });
    expect(await deliverTicket(catalog, v0)).toEqual({ action: 'ack', ignored: true });
    expect(await deliverTicket(catalog, v2)).toEqual({ action: 'ack', ignored: true });

    const replica = await freshReplicaOn(mongoUri);
    try {
      expect(replica.index.get(v0.id)).toMatchObject({
        version: 2,
        price: 30,
        status: TicketStatus.Reserved,
      });
    } finally {
      await replica.stop({ keepDatabase: true });
    }
  });

  it('when a newer state lacks a detail the older had, then the detail is gone from the database too', async () => {
    const created = ticketEvent({ seat: '12', description: 'Front row' });
    const edited = { ...created, version: 1 };
    delete edited.seat;
    delete edited.description;
    await deliverTicket(catalog, created);
    await deliverTicket(catalog, edited);

    const replica = await freshReplicaOn(mongoUri);
    try {
      const stored = replica.index.get(created.id);
      expect(stored?.version).toBe(1);
      expect(stored?.seat).toBeUndefined();
      expect(stored?.description).toBeUndefined();
    } finally {
      await replica.stop({ keepDatabase: true });
    }
  });

  it('when an event of a producer without status and listing time arrives, then an order means reserved and the first listing time stays', async () => {
    const listed = ticketEvent({ eventAt: daysFromNow(5) });
    delete listed.status;
    delete listed.listedAt;
    await deliverTicket(catalog, listed);
    const listedAt = catalog.index.get(listed.id)?.listedAt;
    const ordered = { ...listed, version: 1, orderId: 'order-1' };
    await deliverTicket(catalog, ordered);

    const replica = await freshReplicaOn(mongoUri);
    try {
      expect(replica.index.get(listed.id)).toMatchObject({
        status: TicketStatus.Reserved,
        listedAt,
      });
      expect(catalog.index.get(listed.id)).toMatchObject({
        status: TicketStatus.Reserved,
        listedAt,
      });
    } finally {
      await replica.stop({ keepDatabase: true });
    }
  });
});
