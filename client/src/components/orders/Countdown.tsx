'use client';

import { formatCountdown } from '@/lib/format';
import styles from './Countdown.module.css';
import { useTimeLeft } from './use-time-left';

interface CountdownProps {
  expiresAt: string;
  /** The time the page was rendered on the server (see `useTimeLeft`). */
  renderedAt: number;
  onExpire?: () => void;
}

/** Time left to pay, as mm:ss; "Order expired" once it reaches zero (and `onExpire` is called once). */
export function Countdown({ expiresAt, renderedAt, onExpire }: CountdownProps) {
  const remaining = useTimeLeft(expiresAt, renderedAt, onExpire);
  if (remaining <= 0) {
    return (
      <p className={`${styles.countdown} ${styles.expired}`} role="status">
        Order expired
      </p>
    );
  }
  return (
    <p className={styles.countdown}>
      <span>Time left to pay</span> <TimeValue remaining={remaining} className={styles.value} />
    </p>
  );
}

/** A reservation's time left inside a sentence ("04:59 left"); "no time" once it is over. */
export function TimeLeft({ expiresAt, renderedAt }: Omit<CountdownProps, 'onExpire'>) {
  const remaining = useTimeLeft(expiresAt, renderedAt);
  if (remaining <= 0) return <>no time</>;
  return <TimeValue remaining={remaining} className={styles.inline} />;
}

function TimeValue({ remaining, className }: { remaining: number; className?: string }) {
  return (
    <time role="timer" className={className} dateTime={`PT${Math.ceil(remaining / 1000)}S`}>
      {formatCountdown(remaining)}
    </time>
  );
}
