import { auditPage } from './support/audit';
import { PHONE, screenshot, visitor } from './support/browser';
import { siteUnderTest } from './support/site';
import { PASSWORD, findInCatalog, payWith, purchase, sellTicket, signUp } from './support/journey';

const site = siteUnderTest();

describe('buying a ticket in the browser', () => {
  it('when a seller lists a ticket and a buyer pays with the succeeding card, then the order is complete in My orders', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      const ticket = await sellTicket(seller.page, '25');
      await seller.page.getByRole('link', { name: 'Edit' }).waitFor();
      await screenshot(seller.page, 'ticket-seller-view');
      await auditPage(seller.page);

      await signUp(buyer.page);
      await findInCatalog(buyer.page, ticket.title);
      await screenshot(buyer.page, 'home-signed-in');
      await auditPage(buyer.page);
      await purchase(buyer.page, ticket.title);

      const timer = buyer.page.getByRole('timer');
      await expect(timer.textContent()).resolves.toMatch(/^\d\d:\d\d$/);
      await screenshot(buyer.page, 'order-payable');
      await auditPage(buyer.page);

      await payWith(buyer.page, 'Visa — succeeds');
      await buyer.page.getByText('The ticket is yours').waitFor();
      await buyer.page.getByText('Complete', { exact: true }).waitFor();
      await expect(buyer.page.getByRole('form', { name: 'Payment' }).count()).resolves.toBe(0);
      await screenshot(buyer.page, 'order-complete');
      await auditPage(buyer.page);

      await buyer.page.getByRole('link', { name: 'My orders', exact: true }).click();
      const row = buyer.page.getByRole('listitem').filter({ hasText: ticket.title });
      await row.getByText('Complete').waitFor();
      await expect(row.textContent()).resolves.toContain('$25.00');
      await screenshot(buyer.page, 'my-orders');
      await auditPage(buyer.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });

  it('when the card is declined, then the decline message shows and the order can still be paid', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url, PHONE);
    try {
      await signUp(seller.page);
      const ticket = await sellTicket(seller.page, '12.5');
      await signUp(buyer.page);
      await purchase(buyer.page, ticket.title);

      await payWith(buyer.page, 'Visa — declined');
      await expect(
        buyer.page.getByRole('form', { name: 'Payment' }).getByRole('alert').textContent(),
      ).resolves.toBe('Your card was declined.');
      await screenshot(buyer.page, 'order-declined-phone');
      await auditPage(buyer.page);

      await payWith(buyer.page, 'Visa — succeeds');
      await buyer.page.getByText('The ticket is yours').waitFor();
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });
});

describe('signing in and the error pages', () => {
  it('when the password is wrong, then "Invalid credentials" is shown and the user stays signed out', async () => {
    const someone = await visitor(site.browser, site.platform.url);
    try {
      const email = await signUp(someone.page);
      await someone.page.getByRole('button', { name: 'Sign out' }).click();
      await someone.page.getByRole('link', { name: 'Sign in', exact: true }).click();

      await someone.page.getByLabel('Email').fill(email);
      await someone.page.getByLabel('Password').fill(`${PASSWORD} typo`);
      await someone.page.getByRole('button', { name: 'Sign in' }).click();

      await expect(
        someone.page.getByRole('form', { name: 'Sign in' }).getByRole('alert').textContent(),
      ).resolves.toBe('Invalid credentials');
      await screenshot(someone.page, 'signin-invalid');
      await auditPage(someone.page);
    } finally {
      await someone.context.close();
    }
  });

  it('when signing up with a short password, then the message is shown next to the password field', async () => {
    const someone = await visitor(site.browser, site.platform.url, PHONE);
    try {
      await someone.page.goto('/auth/signup');
      await someone.page.getByLabel('Email').fill('not-an-email');
      await someone.page.getByLabel('Password').fill('short');
      await someone.page.getByRole('button', { name: 'Create account' }).click();

      await someone.page.locator('#signup-password-error').waitFor();
      const described = await someone.page.getByLabel('Password').getAttribute('aria-describedby');
      expect(described).toContain('signup-password-error');
      await screenshot(someone.page, 'signup-field-errors-phone');
      await auditPage(someone.page);
    } finally {
      await someone.context.close();
    }
  });

  it('when a page or ticket does not exist, then the not-found page is shown', async () => {
    const someone = await visitor(site.browser, site.platform.url);
    try {
      const missingTicket = await someone.page.goto('/tickets/000000000000000000000000');
      expect(missingTicket?.status()).toBe(404);
      await someone.page.getByRole('heading', { name: /couldn’t find that page/ }).waitFor();
      await screenshot(someone.page, 'not-found');
      await auditPage(someone.page);

      const missingPage = await someone.page.goto('/no-such-page');
      expect(missingPage?.status()).toBe(404);
      await auditPage(someone.page);
    } finally {
      await someone.context.close();
    }
  });

  it('when a page link of the catalog is not valid (not a page number, or an old cursor link), then its first page is shown', async () => {
    const someone = await visitor(site.browser, site.platform.url);
    try {
      for (const link of ['/?page=not-a-number', '/?after=an-old-cursor']) {
        const page = await someone.page.goto(link);
        expect(page?.status()).toBe(200);
        await someone.page.getByRole('heading', { name: 'Tickets on sale', exact: true }).waitFor();
        // The first page: nothing before it, and not an empty page.
        await expect(someone.page.getByRole('link', { name: /Previous/ }).count()).resolves.toBe(0);
        await expect(
          someone.page.getByText(/No more tickets|No tickets match/).count(),
        ).resolves.toBe(0);
        await auditPage(someone.page);
      }
    } finally {
      await someone.context.close();
    }
  });
});
