import type { Locator, Page } from 'playwright-core';
import { auditPage } from './support/audit';
import { screenshot, unique, visitor } from './support/browser';
import { daysFromNow, fillEventDetails, listThroughApi, signUp } from './support/journey';
import { siteUnderTest } from './support/site';

const site = siteUnderTest();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The error shown under a field: the part of its description after its hint. */
async function errorOf(field: Locator): Promise<string | null> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  const errorId = ids.find((id) => id.endsWith('-error'));
  if (!errorId) return null;
  return field.page().locator(`[id="${errorId}"]`).textContent();
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);

async function openSellForm(page: Page) {
  await page.getByRole('link', { name: 'Sell tickets', exact: true }).click();
  await page.getByLabel('Title').waitFor();
  // The submit button is enabled once the page has hydrated.
  await page.getByRole('button', { name: 'List ticket' }).and(page.locator(':enabled')).waitFor();
}

/** WCAG's contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const channels = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    if (channels.length !== 3) throw new Error(`not an rgb colour: ${colour}`);
    const [r = 0, g = 0, bl = 0] = channels;
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Moves focus with the Tab key (as a keyboard user does, so `:focus-visible` applies) until `target`
 * has it, then reads the focus outline and the colour it is drawn on: the background of the nearest
 * ancestor that has one (the outline lies outside the element).
 */
async function focusRing(page: Page, target: Locator) {
  // Reached by the keyboard only: an element still focused by an earlier click (a header link kept
  // across a client-side navigation) shows no ring, as :focus-visible intends for a mouse.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let presses = 0; presses < 60; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  return target.evaluate((element) => {
    if (element !== document.activeElement) throw new Error('never reached with Tab');
    const style = getComputedStyle(element);
    let around = element.parentElement;
    while (around && getComputedStyle(around).backgroundColor === 'rgba(0, 0, 0, 0)') {
      around = around.parentElement;
    }
    return {
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      colour: style.outlineColor,
      background: around ? getComputedStyle(around).backgroundColor : 'rgb(255, 255, 255)',
    };
  });
}

describe('the sell form', () => {
  it('when it is submitted empty, then every required field shows its error at once, with hints, and focus moves to the title', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      await openSellForm(seller.page);
      const form = seller.page.getByRole('form', { name: 'Sell a ticket' });
      await expect(form.getByText('Up to 120 characters.').count()).resolves.toBe(1);
      await expect(
        form.getByText('From $0.50 to $999,999.99, in dollars and cents').count(),
      ).resolves.toBe(1);

      await seller.page.getByRole('button', { name: 'List ticket' }).click();

      const errors = {
        Title: 'Enter the title',
        'Price (USD)': 'Enter a price',
        'Date and time': 'Enter the date and time of the event',
        Venue: 'Enter the venue',
        City: 'Enter the city',
        Category: 'Choose a category',
      };
      for (const [label, message] of Object.entries(errors)) {
        const field = seller.page.getByLabel(label, { exact: true });
        await expect(errorOf(field)).resolves.toBe(message);
        await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
      }
      await expect(focusedId(seller.page)).resolves.toBe('new-ticket-title');
      expect(new URL(seller.page.url()).pathname).toBe('/tickets/new');
      await screenshot(seller.page, 'sell-form-errors');
      await auditPage(seller.page);
    } finally {
      await seller.context.close();
    }
  });

  it('when the price is wrong, then each kind of mistake has its own reason, focus goes to the price and nothing is rounded', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      await openSellForm(seller.page);
      await seller.page.getByLabel('Title').fill(unique('Recital'));
      await fillEventDetails(seller.page, {
        eventAt: daysFromNow(5),
        venue: 'Wigmore Hall',
        city: 'London',
        category: 'Concert',
      });
      const price = seller.page.getByLabel('Price (USD)');

      const reasons: [string, string][] = [
        ['-5', 'Price cannot be negative'],
        ['0', 'Price must be more than zero'],
        ['1000000', 'Price must be at most $999,999.99'],
        ['ten', 'Price must be a number, like 25 or 19.99'],
        ['12.345', 'Price can have at most 2 decimals (whole cents)'],
      ];
      for (const [typed, reason] of reasons) {
        await price.fill(typed);
        await seller.page.getByRole('button', { name: 'List ticket' }).click();
        await expect(errorOf(price)).resolves.toBe(reason);
        await expect(focusedId(seller.page)).resolves.toBe('new-ticket-price');
        await expect(price.inputValue()).resolves.toBe(typed);
      }
      expect(new URL(seller.page.url()).pathname).toBe('/tickets/new');
      await auditPage(seller.page);

      await price.fill('12.34');
      await seller.page.getByRole('button', { name: 'List ticket' }).click();
      await seller.page.waitForURL(/\/tickets\/(?!new)[^/?]+/);
      await expect(seller.page.getByRole('main').textContent()).resolves.toContain('$12.34');
    } finally {
      await seller.context.close();
    }
  });

  it('when the event is in the past, then the date is refused', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      await openSellForm(seller.page);
      await seller.page.getByLabel('Title').fill(unique('Yesterday'));
      await seller.page.getByLabel('Price (USD)').fill('10');
      await fillEventDetails(seller.page, {
        eventAt: daysFromNow(-1),
        venue: 'Paradiso',
        city: 'Amsterdam',
        category: 'Concert',
      });
      await seller.page.getByRole('button', { name: 'List ticket' }).click();

      await expect(errorOf(seller.page.getByLabel('Date and time'))).resolves.toBe(
        'The event must be in the future',
      );
      await expect(focusedId(seller.page)).resolves.toBe('new-ticket-eventAt');
      await auditPage(seller.page);
    } finally {
      await seller.context.close();
    }
  });
});

describe('pages and their titles', () => {
  it('when a visitor goes around the site, then every page has its own title', async () => {
    const someone = await visitor(site.browser, site.platform.url);
    try {
      const title = async (path: string) => {
        await someone.page.goto(path);
        await someone.page.waitForFunction(() => document.title !== '');
        return someone.page.title();
      };
      await expect(title('/')).resolves.toBe('Tickets on sale · Ticketing');
      await expect(title('/?q=jazz')).resolves.toBe('Tickets for “jazz” · Ticketing');
      await expect(title('/no-such-page')).resolves.toBe('Page not found · Ticketing');
      await auditPage(someone.page);
      await expect(title('/auth/signin')).resolves.toBe('Sign in · Ticketing');

      await signUp(someone.page);
      await expect(title('/tickets/new')).resolves.toBe('Sell a ticket · Ticketing');
      const [id] = await listThroughApi(someone.page, [
        {
          title: 'Title check',
          price: 10,
          eventAt: inDays(9),
          venue: 'Bataclan',
          city: 'Paris',
          category: 'concert',
        },
      ]);
      await expect(title(`/tickets/${id}`)).resolves.toBe('Title check · Ticketing');
      await expect(title(`/tickets/${id}/edit`)).resolves.toBe('Edit ticket · Ticketing');
    } finally {
      await someone.context.close();
    }
  });

  it('when someone who is not the seller opens a ticket’s edit page, then they are told why they cannot edit it', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const other = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      const [id] = await listThroughApi(seller.page, [
        {
          title: 'Not yours',
          price: 30,
          eventAt: inDays(9),
          venue: 'Bataclan',
          city: 'Paris',
          category: 'concert',
        },
      ]);
      await signUp(other.page);

      await other.page.goto(`/tickets/${id}/edit`);

      await other.page.getByRole('heading', { name: 'You can’t edit this ticket' }).waitFor();
      await expect(other.page.getByRole('main').textContent()).resolves.toContain(
        'Only the seller who listed “Not yours” can change it.',
      );
      expect(new URL(other.page.url()).pathname).toBe(`/tickets/${id}/edit`);
      await expect(other.page.getByRole('form').count()).resolves.toBe(0);
      await auditPage(other.page);
      await other.page.getByRole('link', { name: 'Back to the ticket' }).click();
      await other.page.getByRole('heading', { name: 'Not yours' }).waitFor();
    } finally {
      await seller.context.close();
      await other.context.close();
    }
  });
});

describe('the focus indicator', () => {
  it('when moving with the keyboard, then links, fields and filled buttons (Pay included) show a solid outline of at least 3:1 against what surrounds them', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      const [id] = await listThroughApi(seller.page, [
        {
          title: unique('Focus'),
          price: 20,
          eventAt: inDays(9),
          venue: 'Bataclan',
          city: 'Paris',
          category: 'concert',
        },
      ]);
      await openSellForm(seller.page);
      const rings = [
        await focusRing(
          seller.page,
          seller.page.getByRole('link', { name: 'Sell tickets', exact: true }),
        ),
        await focusRing(seller.page, seller.page.getByLabel('Title')),
        await focusRing(seller.page, seller.page.getByRole('button', { name: 'List ticket' })),
      ];

      await signUp(buyer.page);
      await buyer.page.goto(`/tickets/${id}`);
      await buyer.page.getByRole('button', { name: 'Purchase' }).click();
      await buyer.page.waitForURL(/\/orders\/[^/]+$/);
      await buyer.page.getByLabel('Visa — succeeds').check();
      rings.push(await focusRing(buyer.page, buyer.page.getByRole('button', { name: /^Pay \$/ })));

      for (const ring of rings) {
        expect(ring).toMatchObject({ style: 'solid', width: expect.any(Number) });
        expect(ring.width).toBeGreaterThanOrEqual(2);
        expect(contrast(ring.colour, ring.background)).toBeGreaterThanOrEqual(3);
      }
      await auditPage(buyer.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });
});
