import type { Page } from 'playwright-core';
import { auditPage } from './audit';
import { unique } from './browser';

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

/** Lists a ticket through the form; resolves on its page with its id. */
export async function sellTicket(page: Page, price = '25'): Promise<{ id: string; title: string }> {
  const title = unique('Concert');
  await page.getByRole('link', { name: 'Sell tickets', exact: true }).click();
  await page.getByLabel('Title').waitFor();
  await auditPage(page);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Price (USD)').fill(price);
  await page.getByRole('button', { name: 'List ticket' }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  const id = /\/tickets\/([^/?]+)$/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a ticket page after listing: ${page.url()}`);
  return { id, title };
}

/** Opens the ticket from the home page and reserves it; resolves on the order page. */
export async function purchase(page: Page, title: string): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: new RegExp(title) }).click();
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
