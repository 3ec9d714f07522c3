'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { callApi } from '@/lib/api/browser';
import type { Order } from '@ticketing/common/api';

export const POLL_MS = 750;
export const GIVE_UP_MS = 60_000;

/**
 * Payment and expiry are settled by the orders service an event later. While `active`, polls the
 * order until its status moves on, then re-renders the page from the server. Answers whether it
 * gave up (the order was still unsettled after `GIVE_UP_MS`).
 */
export function useRefreshWhenSettled(orderId: string, active: boolean): boolean {
  const router = useRouter();
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (!active) return;
    const startedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const poll = async () => {
      const result = await callApi<Order>('GET', `/api/orders/${orderId}`);
      if (stopped) return;
      if (
        result.ok &&
        result.data.status !== 'created' &&
        result.data.status !== 'awaiting:payment'
      ) {
        router.refresh();
        return;
      }
      if (Date.now() - startedAt > GIVE_UP_MS) {
        setGaveUp(true);
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [orderId, active, router]);

  return gaveUp;
}
