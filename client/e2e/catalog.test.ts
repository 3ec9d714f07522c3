import type { Locator, Page } from 'playwright-core';
import { auditPage } from './support/audit';
import { PHONE, eventually, screenshot, unique, visitor } from './support/browser';
import { findInCatalog, listThroughApi, sellTicket, signUp } from './support/journey';
import { siteUnderTest } from './support/site';

const site = siteUnderTest();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** One word no other test's tickets have: searching for it shows only this test's tickets. */
const marker = () => unique('mk').replaceAll('-', '');

const resultsHeading = (page: Page) =>
  page.getByRole('heading', { level: 2, name: /^[\d,]+ tickets?\b/ });

const cards = (page: Page) => page.getByRole('main').locator('li > a[href^="/tickets/"]');

/** The control that folds the filter panel; its text is its accessible name. */
const filtersToggle = (page: Page) => page.locator('summary', { hasText: /^Filters\b/ });

const filtersAreOpen = (page: Page) =>
  page.locator('details', { has: filtersToggle(page) }).evaluate((panel) => {
    return (panel as HTMLDetailsElement).open;
  });

/** Whether all of `element` is on the first screen, with the page not scrolled. */
async function onFirstScreen(page: Page, element: Locator): Promise<boolean> {
  const box = await element.boundingBox();
  const viewport = page.viewportSize();
  return box !== null && viewport !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}

/** The page's cumulative layout shift so far, from the layout-shift entries Chromium buffers. */
const layoutShift = (page: Page) =>
  page.evaluate(() => {
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: 'layout-shift', buffered: true });
    const shifts = observer.takeRecords() as (PerformanceEntry & { value: number })[];
    observer.disconnect();
    return shifts.reduce((sum, shift) => sum + shift.value, 0);
  });

/** Opens `path` until the catalog, which learns of new tickets from their events, shows them all. */
async function openWhenListed(page: Page, path: string, heading: RegExp) {
  await eventually(
    async () => {
      await page.goto(path);
      return heading.test((await resultsHeading(page).textContent()) ?? '');
    },
    { timeoutMs: 20_000, what: `${path} to show ${heading}` },
  );
}

describe('browsing the catalog on the home page', () => {
  it('when a visitor searches without accents, then the accented venue is found; city and category filters show counts and narrow the results', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      const word = marker();
      const at = { eventAt: inDays(10) };
      await listThroughApi(seller.page, [
        {
          ...at,
          title: `${word} Symphonie`,
          price: 40,
          venue: 'Salle Pleyel',
          city: 'Paris',
          category: 'concert',
        },
        {
          ...at,
          title: `${word} Carmen`,
          price: 90,
          venue: 'Opéra Bastille',
          city: 'Paris',
          category: 'theatre',
        },
        {
          ...at,
          title: `${word} Jazz`,
          price: 25,
          venue: 'Halle Tony Garnier',
          city: 'Lyon',
          category: 'concert',
        },
        {
          ...at,
          title: `${word} Derby`,
          price: 60,
          venue: 'Stade Vélodrome',
          city: 'Marseille',
          category: 'sports',
        },
      ]);
      await openWhenListed(buyer.page, `/?q=${word}`, /^4 tickets/);

      await buyer.page.goto('/');
      await auditPage(buyer.page);
      await buyer.page.getByRole('searchbox', { name: 'Search tickets' }).fill(`${word} opera`);
      await buyer.page.getByRole('button', { name: 'Search', exact: true }).click();
      await buyer.page.waitForURL(/q=/);
      await expect(resultsHeading(buyer.page).textContent()).resolves.toBe('1 ticket');
      await expect(cards(buyer.page).allTextContents()).resolves.toEqual([
        expect.stringContaining('Opéra Bastille'),
      ]);
      expect(new URL(buyer.page.url()).searchParams.get('q')).toBe(`${word} opera`);
      await auditPage(buyer.page);

      await buyer.page.getByRole('searchbox', { name: 'Search tickets' }).fill(word);
      await buyer.page.getByRole('button', { name: 'Search', exact: true }).click();
      await resultsHeading(buyer.page).filter({ hasText: '4 tickets' }).waitFor();
      for (const name of [
        'Paris (2)',
        'Lyon (1)',
        'Marseille (1)',
        'Concert (2)',
        'Theatre (1)',
        'Sports (1)',
        'Comedy (0)',
      ]) {
        await buyer.page.getByRole('checkbox', { name, exact: true }).waitFor();
      }

      await buyer.page.getByRole('checkbox', { name: 'Paris (2)' }).check();
      await buyer.page.getByRole('button', { name: 'Apply filters' }).click();
      await resultsHeading(buyer.page).filter({ hasText: '2 tickets' }).waitFor();
      expect(new URL(buyer.page.url()).searchParams.getAll('city')).toEqual(['Paris']);
      // Each facet is counted under the other filters: the categories within Paris, every city still.
      for (const name of ['Concert (1)', 'Theatre (1)', 'Sports (0)', 'Lyon (1)']) {
        await buyer.page.getByRole('checkbox', { name, exact: true }).waitFor();
      }
      await expect(
        buyer.page.getByRole('checkbox', { name: 'Paris (2)' }).isChecked(),
      ).resolves.toBe(true);
      await screenshot(buyer.page, 'catalog-filtered');
      await auditPage(buyer.page);

      await buyer.page.getByRole('checkbox', { name: 'Concert (1)' }).check();
      await buyer.page.getByRole('button', { name: 'Apply filters' }).click();
      await resultsHeading(buyer.page).filter({ hasText: '1 ticket' }).waitFor();
      await expect(cards(buyer.page).allTextContents()).resolves.toEqual([
        expect.stringContaining('Salle Pleyel'),
      ]);
      expect(new URL(buyer.page.url()).searchParams.getAll('category')).toEqual(['concert']);
      await auditPage(buyer.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });

  it('when a visitor sorts by price and opens page 2, then the pages follow the sort and Back restores the first page', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      const word = marker();
      await listThroughApi(
        seller.page,
        Array.from({ length: 26 }, (_, i) => ({
          title: `${word} Gig ${i + 1}`,
          price: i + 1,
          eventAt: inDays(40 - i),
          venue: 'Le Zénith',
          city: 'Paris',
          category: 'concert',
        })),
      );
      await openWhenListed(buyer.page, `/?q=${word}`, /^26 tickets/);

      await buyer.page.getByLabel('Sort by').selectOption({ label: 'Price: high to low' });
      await buyer.page.getByRole('button', { name: 'Sort', exact: true }).click();
      await buyer.page.waitForURL(/sort=price-desc/);
      await expect(resultsHeading(buyer.page).textContent()).resolves.toBe(
        '26 tickets · showing 1–24',
      );
      await expect(cards(buyer.page).count()).resolves.toBe(24);
      await expect(cards(buyer.page).first().textContent()).resolves.toContain('$26.00');
      await expect(cards(buyer.page).last().textContent()).resolves.toContain('$3.00');
      await auditPage(buyer.page);

      await buyer.page.getByRole('link', { name: 'Page 2', exact: true }).click();
      await buyer.page.waitForURL(/page=2/);
      await expect(resultsHeading(buyer.page).textContent()).resolves.toBe(
        '26 tickets · showing 25–26',
      );
      await expect(cards(buyer.page).allTextContents()).resolves.toEqual([
        expect.stringContaining('$2.00'),
        expect.stringContaining('$1.00'),
      ]);
      await expect(
        buyer.page.getByRole('link', { name: 'Page 2', exact: true }).getAttribute('aria-current'),
      ).resolves.toBe('page');
      // After a client-side navigation Next.js sets the new title once the page has rendered.
      const pageTwoTitle = `Tickets for “${word}”, page 2 · Ticketing`;
      await eventually(async () => (await buyer.page.title()) === pageTwoTitle, {
        timeoutMs: 5_000,
        what: `the title "${pageTwoTitle}"`,
      });
      await screenshot(buyer.page, 'catalog-page-2');
      await auditPage(buyer.page);

      await buyer.page.goBack();
      await buyer.page.waitForURL((url) => !url.searchParams.has('page'));
      await cards(buyer.page).nth(23).waitFor();
      await expect(cards(buyer.page).first().textContent()).resolves.toContain('$26.00');
      await expect(buyer.page.getByLabel('Sort by').inputValue()).resolves.toBe('price-desc');

      await buyer.page.goForward();
      await buyer.page.waitForURL(/page=2/);
      await buyer.page.getByRole('link', { name: '← Previous' }).click();
      await buyer.page.waitForURL((url) => !url.searchParams.has('page'));
      await expect(cards(buyer.page).first().textContent()).resolves.toContain('$26.00');
      await buyer.page.getByRole('link', { name: 'Next →' }).click();
      await buyer.page.waitForURL(/page=2/);
      await expect(cards(buyer.page).count()).resolves.toBe(2);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });

  it('when nothing matches, then the empty state offers to clear the filters, which shows tickets again', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url);
    try {
      await signUp(seller.page);
      const word = marker();
      await listThroughApi(seller.page, [
        {
          title: `${word} Stand-up`,
          price: 15,
          eventAt: inDays(3),
          venue: 'Le Point Virgule',
          city: 'Paris',
          category: 'comedy',
        },
      ]);
      await openWhenListed(buyer.page, `/?q=${word}`, /^1 ticket/);

      await buyer.page.goto(`/?q=${word}&category=sports&sort=price-asc`);
      await buyer.page.getByRole('heading', { name: 'No tickets match' }).waitFor();
      await expect(resultsHeading(buyer.page).textContent()).resolves.toBe('0 tickets');
      await screenshot(buyer.page, 'catalog-empty');
      await auditPage(buyer.page);

      await buyer.page.getByRole('link', { name: 'Clear filters' }).last().click();
      await buyer.page.waitForURL((url) => !url.searchParams.has('q'));
      expect(new URL(buyer.page.url()).search).toBe('?sort=price-asc');
      await cards(buyer.page).first().waitFor();
      await expect(
        buyer.page.getByRole('heading', { name: 'No tickets match' }).count(),
      ).resolves.toBe(0);
      await expect(
        buyer.page.getByRole('searchbox', { name: 'Search tickets' }).inputValue(),
      ).resolves.toBe('');
      await auditPage(buyer.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });

  it('when a seller lists a ticket with its event details, then its card and page show the date in the visitor’s time zone, venue, city, category and seat', async () => {
    const seller = await visitor(site.browser, site.platform.url, undefined, { timezoneId: 'UTC' });
    const buyer = await visitor(site.browser, site.platform.url, undefined, {
      timezoneId: 'Asia/Tokyo',
      locale: 'en-US',
    });
    try {
      await signUp(seller.page);
      const title = unique('Budokan');
      // 20:00 in the seller's UTC is 05:00 the next morning in Tokyo.
      await sellTicket(seller.page, '120', {
        title,
        details: {
          eventAt: '2030-06-21T20:00',
          venue: 'Nippon Budokan',
          city: 'Tokyo',
          category: 'Concert',
          section: 'A',
          row: 'F',
          seat: '12',
        },
      });

      const card = await findInCatalog(buyer.page, title);
      const onCard = await card.textContent();
      for (const shown of [
        'Concert',
        'Jun 22, 2030',
        '5:00 AM',
        'Nippon Budokan, Tokyo',
        'Section A · Row F · Seat 12',
        '$120.00',
      ]) {
        expect(onCard).toContain(shown);
      }
      await auditPage(buyer.page);

      await card.click();
      await buyer.page.getByRole('heading', { name: title }).waitFor();
      const details = Object.fromEntries(
        await buyer.page
          .locator('dl > div')
          .evaluateAll((rows) =>
            rows.map((row) => [
              row.querySelector('dt')?.textContent,
              row.querySelector('dd')?.textContent,
            ]),
          ),
      );
      expect(details).toEqual({
        When: expect.stringMatching(/Jun 22, 2030.*5:00\sAM/),
        Venue: 'Nippon Budokan',
        City: 'Tokyo',
        Category: 'Concert',
        Seat: 'Section A · Row F · Seat 12',
      });
      await screenshot(buyer.page, 'ticket-event-details');
      await auditPage(buyer.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });
});

describe('the filter panel on phones and desktops', () => {
  it('when a buyer opens the home page on a phone, then the results come before the folded filters; a city ticked in them filters the results and the Filters control counts it', async () => {
    const seller = await visitor(site.browser, site.platform.url);
    const buyer = await visitor(site.browser, site.platform.url, PHONE);
    try {
      await signUp(seller.page);
      const word = marker();
      const at = { eventAt: inDays(12), category: 'concert' as const };
      await listThroughApi(seller.page, [
        { ...at, title: `${word} Quartet`, price: 30, venue: 'Salle Gaveau', city: 'Paris' },
        { ...at, title: `${word} Trio`, price: 20, venue: 'Le Périscope', city: 'Lyon' },
      ]);
      await openWhenListed(buyer.page, `/?q=${word}`, /^2 tickets/);

      await buyer.page.goto('/');
      await auditPage(buyer.page);
      await expect(filtersToggle(buyer.page).textContent()).resolves.toBe('Filters');
      await expect(filtersAreOpen(buyer.page)).resolves.toBe(false);
      await expect(
        buyer.page.getByRole('button', { name: 'Apply filters' }).isVisible(),
      ).resolves.toBe(false);
      for (const shown of [
        buyer.page.getByRole('searchbox', { name: 'Search tickets' }),
        filtersToggle(buyer.page),
        buyer.page.getByLabel('Sort by'),
        cards(buyer.page).first(),
      ]) {
        await expect(onFirstScreen(buyer.page, shown)).resolves.toBe(true);
      }
      await expect(layoutShift(buyer.page)).resolves.toBeLessThan(0.01);

      await buyer.page.getByRole('searchbox', { name: 'Search tickets' }).fill(word);
      await buyer.page.getByRole('button', { name: 'Search', exact: true }).click();
      await resultsHeading(buyer.page).filter({ hasText: '2 tickets' }).waitFor();
      await filtersToggle(buyer.page).press('Enter');
      await buyer.page.getByRole('checkbox', { name: 'Paris (1)', exact: true }).check();
      await auditPage(buyer.page);
      await buyer.page.getByRole('button', { name: 'Apply filters' }).click();

      await resultsHeading(buyer.page).filter({ hasText: '1 ticket' }).waitFor();
      const applied = new URL(buyer.page.url()).searchParams;
      expect(applied.getAll('city')).toEqual(['Paris']);
      expect(applied.get('q')).toBe(word);
      await expect(cards(buyer.page).allTextContents()).resolves.toEqual([
        expect.stringContaining('Salle Gaveau'),
      ]);
      await expect(filtersAreOpen(buyer.page)).resolves.toBe(false);
      await expect(filtersToggle(buyer.page).textContent()).resolves.toBe('Filters (1 active)');
      await expect(onFirstScreen(buyer.page, cards(buyer.page).first())).resolves.toBe(true);
      await screenshot(buyer.page, 'catalog-phone-filtered');
      await auditPage(buyer.page);
    } finally {
      await seller.context.close();
      await buyer.context.close();
    }
  });

  it('when a phone buyer applies a price range the catalog refuses, then the filter panel opens at the refused range with the reason', async () => {
    const buyer = await visitor(site.browser, site.platform.url, PHONE);
    try {
      await buyer.page.goto('/?minPrice=50&maxPrice=10');

      await expect(filtersAreOpen(buyer.page)).resolves.toBe(true);
      const reason = buyer.page.getByRole('form', { name: 'Find tickets' }).getByRole('alert');
      await expect(reason.textContent()).resolves.toMatch(/price/i);
      const minimum = buyer.page.getByRole('textbox', { name: 'Min', exact: true });
      await expect(minimum.isVisible()).resolves.toBe(true);
      await expect(minimum.inputValue()).resolves.toBe('50');
      await auditPage(buyer.page);
    } finally {
      await buyer.context.close();
    }
  });

  it('when a buyer opens the home page on a desktop, then the filters show beside the results without any click', async () => {
    const buyer = await visitor(site.browser, site.platform.url);
    try {
      await buyer.page.goto('/?city=Paris');
      await auditPage(buyer.page);
      await expect(filtersToggle(buyer.page).isVisible()).resolves.toBe(false);
      const paris = buyer.page.getByRole('checkbox', { name: /^Paris \(\d+\)$/ });
      await expect(paris.isVisible()).resolves.toBe(true);
      await expect(paris.isChecked()).resolves.toBe(true);
      await expect(
        buyer.page.getByRole('button', { name: 'Apply filters' }).isVisible(),
      ).resolves.toBe(true);
      const panel = await buyer.page.getByRole('group', { name: 'City' }).boundingBox();
      const heading = await resultsHeading(buyer.page).boundingBox();
      expect(panel!.x + panel!.width).toBeLessThan(heading!.x);
      await expect(layoutShift(buyer.page)).resolves.toBeLessThan(0.01);
    } finally {
      await buyer.context.close();
    }
  });
});
