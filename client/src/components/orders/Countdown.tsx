'use client';

import { useEffect, useRef, useState } from 'react';
import { formatCountdown } from '@/lib/format';
import styles from './Countdown.module.css';

interface CountdownProps {
  expiresAt: string;
  /**
   * The time the page was rendered on the server, so the server's HTML and the first render in
   * the browser agree; the browser's clock takes over once mounted.
   */
  renderedAt: number;
  onExpire?: () => void;
}

const TICK_MS = 250;

/** Time left to pay, as mm:ss; "Order expired" once it reaches zero (and `onExpire` is called once). */
export function Countdown({ expiresAt, renderedAt, onExpire }: CountdownProps) {
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

  if (remaining <= 0) {
    return (
      <p className={`${styles.countdown} ${styles.expired}`} role="status">
        Order expired
      </p>
    );
  }
  return (
    <p className={styles.countdown}>
      <span>Time left to pay</span>{' '}
      <time role="timer" className={styles.value} dateTime={`PT${Math.ceil(remaining / 1000)}S`}>
        {formatCountdown(remaining)}
      </time>
    </p>
  );
}
