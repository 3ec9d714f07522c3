import type { Locator, Page } from 'playwright-core';
import { eventually } from './browser';
import { listThroughApi } from './journey';

/**
 * Orders the ticket through the API with the page's session (quicker than the pages when a test
 * needs many orders); the orders service learns of a new ticket from its event, so a 404 is
 * retried until it has. Resolves with the order's id.
 */
export async function orderThroughApi(page: Page, ticketId: string): Promise<string> {
  let orderId: string | undefined;
  await eventually(
    async () => {
      const res = await page.request.post('/api/orders', { data: { ticketId } });
      if (res.status() === 201) orderId = ((await res.json()) as { id: string }).id;
      else if (res.status() !== 404) throw new Error(`ordering failed: ${res.status()}`);
      return orderId !== undefined;
    },
    { timeoutMs: 15_000, what: `the orders service to know ticket ${ticketId}` },
  );
  return orderId!;
}

/** Lists `count` tickets titled `<prefix> 1…count` with the seller's session; resolves with their ids. */
export function listMany(seller: Page, prefix: string, count: number): Promise<string[]> {
  return listThroughApi(
    seller,
    Array.from({ length: count }, (_, i) => ({ title: `${prefix} ${i + 1}`, price: 10 + i })),
  );
}

/** The vertical gap, in CSS pixels, between the bottom of `upper` and the top of `lower`. */
export async function verticalGap(upper: Locator, lower: Locator): Promise<number> {
  const [a, b] = await Promise.all([upper.boundingBox(), lower.boundingBox()]);
  if (!a || !b) throw new Error('an element to measure is not on the page');
  return b.y - (a.y + a.height);
}
