'use client';

import { useEffect, useRef, useState } from 'react';

const TICK_MS = 250;

/**
 * Milliseconds left until `expiresAt`, kept current. The first render uses `renderedAt` (the time the
 * server rendered the page) so the server's HTML and the browser's first render agree; the browser's
 * clock takes over once mounted. `onExpire` is called once when the time is up.
 */
export function useTimeLeft(expiresAt: string, renderedAt: number, onExpire?: () => void): number {
  const deadline = Date.parse(expiresAt);
  const [remaining, setRemaining] = useState(deadline - renderedAt);
  const expireCallback = useRef(onExpire);
  useEffect(() => {
    expireCallback.current = onExpire;
  });

  useEffect(() => {
    let expired = false;
    const tick = () => {
      const left = deadline - Date.now();
      setRemaining(left);
      if (left <= 0 && !expired) {
        expired = true;
        clearInterval(timer);
        expireCallback.current?.();
      }
    };
    // Recomputed from the clock on every tick, so a throttled background tab does not drift.
    const timer = setInterval(tick, TICK_MS);
    tick();
    return () => clearInterval(timer);
  }, [deadline]);

  return remaining;
}
