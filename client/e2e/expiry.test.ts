import { auditPage } from './support/audit';
import { eventually, screenshot, visitor } from './support/browser';
import { siteUnderTest } from './support/site';
import { purchase, sellTicket, signUp } from './support/journey';

const WINDOW_SECONDS = 8;

const site = siteUnderTest({ EXPIRATION_WINDOW_SECONDS: String(WINDOW_SECONDS) });

describe('an order left unpaid', () => {
  it('when its time runs out, then the page says "Order expired", the payment form is gone, it stays unpayable and reads Expired, not Cancelled', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      const ticket = await sellTicket(seller.page, '40');
      await signUp(buyer.page);
      await purchase(buyer.page, ticket.title);
      await buyer.page.getByRole('form', { name: 'Payment' }).waitFor();

      await buyer.page.getByText('Order expired').waitFor({ timeout: (WINDOW_SECONDS + 5) * 1000 });
      await expect(buyer.page.getByRole('form', { name: 'Payment' }).count()).resolves.toBe(0);
      await expect(buyer.page.getByRole('button', { name: /^Pay / }).count()).resolves.toBe(0);
      await screenshot(buyer.page, 'order-expired');
      await auditPage(buyer.page);

      // Once the expiration event is processed, a reload shows the order expired (not cancelled by
      // the buyer), still unpayable.
      await eventually(
        async () => {
          await buyer.page.reload();
          return (await buyer.page.getByText('Expired', { exact: true }).count()) === 1;
        },
        { timeoutMs: 20_000, what: 'the order page to show the order expired' },
      );
      await buyer.page.getByText('This order was not paid in time').waitFor();
      await expect(buyer.page.getByRole('button', { name: /^Pay / }).count()).resolves.toBe(0);
      await auditPage(buyer.page);

      // My orders says the same, with the reason.
      await buyer.page.getByRole('link', { name: 'My orders', exact: true }).click();
      const row = buyer.page.getByRole('listitem').filter({ hasText: ticket.title });
      await row.getByText('Expired', { exact: true }).waitFor();
      await row.getByText('Not paid in time').waitFor();
      await expect(row.getByText('Cancelled', { exact: true }).count()).resolves.toBe(0);
      await auditPage(buyer.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });
});
