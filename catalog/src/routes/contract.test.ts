import { TicketStatus } from '@ticketing/common';
import { apiErrorBody, catalogPage } from '@ticketing/common/api';
import { expectContract, waitFor } from '@ticketing/common/testing';
import { ticketEvent } from '../test/catalog-fixtures';
import {
  deliverTicket,
  startTestCatalogService,
  type TestCatalogService,
} from '../test/catalog-test-service';

let catalog: TestCatalogService;
beforeAll(async () => {
  catalog = await startTestCatalogService();
});
afterAll(() => catalog.stop());

describe('the catalog answers by its contract', () => {
  it('when a page has tickets with every detail and with none, then it matches catalogPage', async () => {
    const city = `Contract ${Date.now()}`;
    await deliverTicket(
      catalog,
      ticketEvent({ city, section: 'Stalls', row: 'F', seat: '12', description: 'All of it' }),
    );
    const bare = ticketEvent({ city: undefined, venue: undefined, category: undefined });
    delete bare.eventAt;
    delete bare.status;
    delete bare.listedAt;
    await deliverTicket(catalog, bare);

    const res = await catalog.http().get('/api/catalog?status=all&pageSize=100').expect(200);

    const page = expectContract(catalogPage, res.body);
    expect(page.items.find((item) => item.id === bare.id)).toEqual({
      id: bare.id,
      title: bare.title,
      price: bare.price,
      status: TicketStatus.OnSale,
    });
    expect(page.facets.city).toContainEqual({ value: city, count: 1 });
  });

  it('when a parameter is bad, then the error matches apiErrorBody', async () => {
    const res = await catalog.http().get('/api/catalog?pageSize=1000').expect(400);

    expectContract(apiErrorBody, res.body);
  });

  it('when the replica has loaded and caught up, then /readyz answers 200', async () => {
    await waitFor(async () => (await catalog.http().get('/readyz')).status === 200, {
      what: 'the catalog to be ready',
    });
  });
});
