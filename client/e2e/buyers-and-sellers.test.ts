import type { Page } from 'playwright-core';
import { auditPage } from './support/audit';
import { DESKTOP, PHONE, eventually, screenshot, unique, visitor } from './support/browser';
import { listThroughApi, payWith, sellTicket, signUp } from './support/journey';
import { listMany, orderThroughApi, verticalGap } from './support/orders';
import { siteUnderTest } from './support/site';

const site = siteUnderTest();

/** A visitor whose pages may take longer than usual: these stories run on a busy machine. */
async function open(viewport = DESKTOP) {
  const opened = await visitor(site.browser, site.platform.url, viewport);
  opened.context.setDefaultTimeout(45_000);
  return opened;
}

/** Reloads until `text` shows: the tickets service learns of an order's fate from its events. */
async function reloadUntil(page: Page, text: string | RegExp, what: string) {
  await eventually(
    async () => {
      await page.reload();
      return (await page.getByText(text).count()) > 0;
    },
    { timeoutMs: 20_000, what },
  );
}

describe('a ticket from reservation to the door', () => {
  it('when a buyer holds a reservation, then the ticket page leads them back to it, others see it reserved, and once paid it is sold with a receipt and an e-ticket', async () => {
    const seller = await open();
    const buyer = await open();
    const someone = await open();
    try {
      await signUp(seller.page);
      const title = unique('Opera');
      const [ticketId] = await listThroughApi(seller.page, [{ title, price: 30 }]);
      await signUp(buyer.page);
      const orderId = await orderThroughApi(buyer.page, ticketId!);
      await signUp(someone.page);

      // 1. The buyer comes back to the ticket (Back, a bookmark): their own reservation, with the way back.
      await buyer.page.goto(`/tickets/${ticketId}`);
      await buyer.page.getByText(/^Reserved by you — \d\d:\d\d left$/).waitFor();
      await screenshot(buyer.page, 'ticket-reserved-by-you');
      await auditPage(buyer.page);
      await buyer.page.getByRole('link', { name: 'Continue to payment' }).click();
      await buyer.page.waitForURL(`**/orders/${orderId}`);
      await buyer.page.getByRole('form', { name: 'Payment' }).waitFor();

      // 2. Anyone else: reserved, not sold, and nothing to buy.
      await someone.page.goto(`/tickets/${ticketId}`);
      await reloadUntil(someone.page, 'Reserved', 'the ticket reserved');
      await someone.page.getByText(/^— may be back on sale in 1[45] min, if the buyer/).waitFor();
      await expect(someone.page.getByRole('button', { name: 'Purchase' }).count()).resolves.toBe(0);
      await expect(someone.page.getByText('Sold', { exact: true }).count()).resolves.toBe(0);
      await auditPage(someone.page);

      // 7. The seller may open the edit page while it is reserved: the form is there, disabled, with the reason.
      await seller.page.goto(`/tickets/${ticketId}`);
      await seller.page.getByRole('link', { name: 'Edit' }).click();
      await seller.page.getByText('cannot be changed now', { exact: false }).waitFor();
      await expect(seller.page.getByLabel('Title').isDisabled()).resolves.toBe(true);
      await expect(
        seller.page.getByRole('button', { name: 'Save changes' }).isDisabled(),
      ).resolves.toBe(true);
      await screenshot(seller.page, 'edit-while-reserved');
      await auditPage(seller.page);

      // 5. Paid: a receipt and an e-ticket on the order page, printable.
      await payWith(buyer.page, 'Visa — succeeds');
      await buyer.page.getByText('The ticket is yours').waitFor();
      const receipt = buyer.page.getByRole('region', { name: 'Receipt' });
      await receipt.waitFor();
      const receiptText = (await receipt.textContent()) ?? '';
      expect(receiptText).toContain(orderId);
      expect(receiptText).toContain('$30.00');
      expect(receiptText).toContain('Visa ending in 4242');
      expect(receiptText).toMatch(/Payment reference\S+/);
      expect(receiptText).toMatch(/Paid[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M UTC/);
      const eTicket = buyer.page.getByRole('region', { name: 'E-ticket' });
      await eTicket.getByRole('img', { name: /QR code of the e-ticket/ }).waitFor();
      await expect(eTicket.locator('svg path').count()).resolves.toBeGreaterThan(0);
      await expect(eTicket.getByText(/^Ticket code: \S{16,}$/).count()).resolves.toBe(1);
      await screenshot(buyer.page, 'order-receipt-eticket');
      await auditPage(buyer.page);

      await buyer.page.emulateMedia({ media: 'print' });
      await expect(buyer.page.getByRole('banner').isVisible()).resolves.toBe(false);
      await expect(
        buyer.page.getByRole('button', { name: 'Print receipt and e-ticket' }).isVisible(),
      ).resolves.toBe(false);
      await expect(eTicket.isVisible()).resolves.toBe(true);
      await buyer.page.emulateMedia({ media: 'screen' });

      // 2. Sold is final: others read "Sold"; the buyer is sent to their e-ticket.
      await reloadUntil(someone.page, 'This ticket has been sold.', 'the ticket sold');
      await auditPage(someone.page);
      await buyer.page.goto(`/tickets/${ticketId}`);
      await buyer.page.getByText('You bought this ticket.').waitFor();
      await buyer.page.getByRole('link', { name: 'See your e-ticket' }).click();
      await buyer.page.waitForURL(`**/orders/${orderId}`);

      // 7. The seller no longer has Edit, and 6. their listings say sold, with the date.
      await seller.page.goto(`/tickets/${ticketId}`);
      await reloadUntil(seller.page, /^You sold this ticket/, 'the seller to see it sold');
      await expect(seller.page.getByRole('link', { name: 'Edit' }).count()).resolves.toBe(0);
      await auditPage(seller.page);
      await seller.page.getByRole('link', { name: 'My listings' }).click();
      const listing = seller.page.getByRole('listitem').filter({ hasText: title });
      await listing.getByText('Sold', { exact: true }).waitFor();
      await expect(listing.textContent()).resolves.toMatch(/\$30\.00.*Sold.*UTC/);
      await screenshot(seller.page, 'my-listings');
      await auditPage(seller.page);
    } finally {
      await Promise.all([seller, buyer, someone].map((v) => v.context.close()));
    }
  }, 300_000);
});

describe('cancelling an order', () => {
  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])(
    'when the buyer presses Cancel order (%s), then a dialog asks first, away from Pay, and only Yes cancels it',
    async (name, viewport) => {
      const seller = await open();
      const buyer = await open(viewport);
      try {
        await signUp(seller.page);
        const [ticketId] = await listThroughApi(seller.page, [
          { title: unique('Ballet'), price: 15 },
        ]);
        await signUp(buyer.page);
        const orderId = await orderThroughApi(buyer.page, ticketId!);
        await buyer.page.goto(`/orders/${orderId}`);
        const pay = buyer.page.getByRole('button', { name: /^Pay \$/ });
        const cancel = buyer.page.getByRole('button', { name: 'Cancel order' });
        await pay.waitFor();
        await expect(verticalGap(pay, cancel)).resolves.toBeGreaterThanOrEqual(48);

        await cancel.click();
        const dialog = buyer.page.getByRole('dialog', { name: 'Cancel this order?' });
        await dialog.waitFor();
        await expect(buyer.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
          'Keep my order',
        );
        await screenshot(buyer.page, `cancel-dialog-${name}`);
        await auditPage(buyer.page);

        // Escape changes nothing: the order stays reserved, and focus returns to the button.
        await buyer.page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        await expect(buyer.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
          'Cancel order',
        );
        await expect(pay.isEnabled()).resolves.toBe(true);

        await cancel.click();
        await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
        await buyer.page.getByText('You cancelled this order').waitFor();
        await expect(pay.count()).resolves.toBe(0);
        await auditPage(buyer.page);

        await buyer.page.getByRole('link', { name: 'My orders' }).click();
        const row = buyer.page
          .getByRole('listitem')
          .filter({ has: buyer.page.locator(`a[href="/orders/${orderId}"]`) });
        await row.getByText('Cancelled', { exact: true }).waitFor();
        await row.getByText('Cancelled by you').waitFor();
        await auditPage(buyer.page);
      } finally {
        await seller.context.close();
        await buyer.context.close();
      }
    },
  );
});

describe('My orders and My listings', () => {
  it('when a buyer has more orders than a page holds, then they come newest first with date, time left and Pay now, and Older orders shows the rest', async () => {
    const seller = await open();
    const buyer = await open();
    try {
      await signUp(seller.page);
      const prefix = unique('Match');
      const ticketIds = await listMany(seller.page, prefix, 21);
      await signUp(buyer.page);
      for (const ticketId of ticketIds) await orderThroughApi(buyer.page, ticketId);

      await buyer.page.getByRole('link', { name: 'My orders' }).click();
      await buyer.page.waitForURL(/\/orders$/);
      const rows = buyer.page.getByRole('main').getByRole('listitem');
      // The list streams in after a skeleton: wait for the newest order's row, then count.
      await rows.filter({ hasText: `${prefix} 21` }).waitFor();
      await expect(rows.count()).resolves.toBe(20);
      const newest = rows.first();
      await expect(newest.getByRole('link').first().textContent()).resolves.toBe(`${prefix} 21`);
      await expect(newest.textContent()).resolves.toMatch(
        /Ordered [A-Z][a-z]{2} \d{1,2}, \d{4}, .* UTC.*Reserved\d\d:\d\d leftPay now/,
      );
      await screenshot(buyer.page, 'my-orders-page-1');
      await auditPage(buyer.page);

      await buyer.page.getByRole('link', { name: /Older orders/ }).click();
      await buyer.page.waitForURL(/\/orders\?after=/);
      await rows
        .filter({ hasText: `${prefix} 1` })
        .first()
        .waitFor();
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().getByRole('link').first().textContent()).resolves.toBe(
        `${prefix} 1`,
      );
      await auditPage(buyer.page);

      await rows
        .first()
        .getByRole('link', { name: /^Pay now/ })
        .click();
      await buyer.page.getByRole('form', { name: 'Payment' }).waitFor();

      await seller.page.getByRole('link', { name: 'My listings' }).click();
      await seller.page.waitForURL(/\/listings$/);
      const listings = seller.page.getByRole('main').getByRole('listitem');
      await listings.filter({ hasText: `${prefix} 21` }).waitFor();
      await expect(listings.count()).resolves.toBe(20);
      await expect(listings.first().textContent()).resolves.toContain(`${prefix} 21`);
      await seller.page.getByRole('link', { name: /Older listings/ }).click();
      await seller.page.waitForURL(/\/listings\?after=/);
      await listings
        .filter({ hasText: `${prefix} 1` })
        .first()
        .waitFor();
      await expect(listings.count()).resolves.toBe(1);
      await auditPage(seller.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  }, 300_000);
});

describe('confirmations', () => {
  it('when someone signs up, lists a ticket, saves a change and signs out, then each is confirmed in a polite live region without moving focus', async () => {
    const person = await open();
    const { page } = person;
    const status = page.getByRole('main').getByRole('status');
    const confirmed = async (message: string) => {
      await status.getByText(message).waitFor();
      await expect(
        page.evaluate(() => document.activeElement?.closest('[role="status"]') !== null),
      ).resolves.toBe(false);
      await auditPage(page);
    };
    try {
      await signUp(page);
      await confirmed('Welcome! Your account is ready.');

      const ticket = await sellTicket(page, '40');
      await confirmed('Ticket listed.');
      // Shown once: the address no longer carries it, so a reload does not repeat it.
      await page.waitForURL(`**/tickets/${ticket.id}`);
      await page.reload();
      await page.getByRole('heading', { name: ticket.title }).waitFor();
      await expect(status.textContent()).resolves.toBe('');

      await page.getByRole('link', { name: 'Edit' }).click();
      await page.getByLabel('Price (USD)').fill('45');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await confirmed('Changes saved.');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await confirmed('Signed out.');
      await screenshot(page, 'signed-out-confirmation');
    } finally {
      await person.context.close();
    }
  });
});
