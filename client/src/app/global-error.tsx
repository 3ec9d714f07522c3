'use client';

import { useEffect } from 'react';
import styles from './global-error.module.css';

/** Replaces the root layout when it fails; it cannot rely on the global stylesheet, nor on inline styles (CSP). */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    // eslint-disable-next-line no-console
    console.error(error);
  }, [error]);

  return (
    <html lang="en">
      <body className={styles.body}>
        <div className={styles.panel}>
          <title>Something went wrong · Ticketing</title>
          <h1>Something went wrong</h1>
          <p>Ticketing is having trouble right now. Please try again in a moment.</p>
          <button type="button" onClick={() => retry()} className={styles.retry}>
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
