'use client';

import { useRouter } from 'next/navigation';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { useSubmission } from '@/components/ui/use-submission';
import type { Order } from '@/lib/api/types';
import { callApi, type ApiOutcome } from '@/lib/browser-api';

/** Waits before each retry of a 404: the orders service learns of a new ticket through an event. */
export const NOT_YET_KNOWN_BACKOFF_MS = [150, 300, 600, 1200, 2000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function placeOrder(ticketId: string): Promise<ApiOutcome<Order>> {
  let result = await callApi<Order>('POST', '/api/orders', { ticketId });
  for (const delay of NOT_YET_KNOWN_BACKOFF_MS) {
    if (result.ok || result.status !== 404) break;
    await sleep(delay);
    result = await callApi<Order>('POST', '/api/orders', { ticketId });
  }
  return result;
}

export function PurchaseButton({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const { pending, errors, submit } = useSubmission([]);

  function purchase() {
    submit(async () => {
      const result = await placeOrder(ticketId);
      if (!result.ok) return result.errors;
      router.push(`/orders/${result.data.id}`);
    });
  }

  return (
    <div className="purchase">
      <SubmitButton type="button" pending={pending} pendingLabel="Reserving…" onClick={purchase}>
        Purchase
      </SubmitButton>
      <ErrorMessages messages={errors.general} />
    </div>
  );
}
