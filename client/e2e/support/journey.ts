import type { Page } from 'playwright-core';
import { auditPage } from './audit';
import { eventually, unique } from './browser';

export const PASSWORD = 'correct horse battery';

/** Signs a new user up through the form; resolves once the header shows them signed in. */
export async function signUp(page: Page): Promise<string> {
  const email = `${unique('shopper')}@example.com`;
  await page.goto('/auth/signup');
  await auditPage(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return email;
}

export interface EventDetails {
  /** A `datetime-local` value, in the browser's time zone. */
  eventAt: string;
  venue: string;
  city: string;
  /** The category's label in the form. */
  category: string;
  section?: string;
  row?: string;
  seat?: string;
}

/** A `datetime-local` value `days` from now, at 20:00. */
export function daysFromNow(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T20:00`;
}

/** Fills the sell (or edit) form's event details. */
export async function fillEventDetails(page: Page, details: EventDetails): Promise<void> {
  await page.getByLabel('Date and time').fill(details.eventAt);
  await page.getByLabel('Venue').fill(details.venue);
  await page.getByLabel('City').fill(details.city);
  await page.getByLabel('Category').selectOption({ label: details.category });
  if (details.section) await page.getByLabel('Section', { exact: true }).fill(details.section);
  if (details.row) await page.getByLabel('Row', { exact: true }).fill(details.row);
  if (details.seat) await page.getByLabel('Seat', { exact: true }).fill(details.seat);
}

/** Lists a ticket through the form; resolves on its page with its id. */
export async function sellTicket(
  page: Page,
  price = '25',
  {
    title = unique('Concert'),
    details = { eventAt: daysFromNow(30), venue: 'Olympia', city: 'Paris', category: 'Concert' },
  }: { title?: string; details?: EventDetails } = {},
): Promise<{ id: string; title: string }> {
  await page.getByRole('link', { name: 'Sell tickets', exact: true }).click();
  await page.getByLabel('Title').waitFor();
  await auditPage(page);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Price (USD)').fill(price);
  await fillEventDetails(page, details);
  await page.getByRole('button', { name: 'List ticket' }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  const id = /\/tickets\/([^/?]+)(?:\?|$)/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a ticket page after listing: ${page.url()}`);
  return { id, title };
}

/**
 * Searches the home page for the title until the catalog shows the ticket (it learns of new tickets
 * from their events, a moment after they are listed); resolves with its link.
 */
export async function findInCatalog(page: Page, title: string) {
  const link = page.getByRole('link', { name: new RegExp(title) });
  await eventually(
    async () => {
      await page.goto(`/?q=${encodeURIComponent(title)}`);
      return (await link.count()) > 0;
    },
    { timeoutMs: 15_000, what: `${title} in the catalog` },
  );
  return link;
}

/** Finds the ticket from the home page and reserves it; resolves on the order page. */
export async function purchase(page: Page, title: string): Promise<string> {
  await (await findInCatalog(page, title)).click();
  await page.getByRole('heading', { name: title }).waitFor();
  await auditPage(page);
  await page.getByRole('button', { name: 'Purchase' }).click();
  await page.waitForURL(/\/orders\/[^/]+$/);
  return page.url();
}

export async function payWith(page: Page, card: 'Visa — succeeds' | 'Visa — declined') {
  await page.getByLabel(card).check();
  await page.getByRole('button', { name: /^Pay \$/ }).click();
}

/** What POST /api/tickets takes: title and price, and the event details. */
export interface NewTicket {
  title: string;
  price: number;
  eventAt?: string;
  venue?: string;
  city?: string;
  category?: string;
  section?: string;
  row?: string;
  seat?: string;
}

/**
 * Lists tickets through the API with the page's session (quicker than the form when a test needs
 * many); resolves with their ids.
 */
export async function listThroughApi(page: Page, tickets: NewTicket[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ticket of tickets) {
    const res = await page.request.post('/api/tickets', { data: ticket });
    if (res.status() !== 201)
      throw new Error(`listing failed: ${res.status()} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}
