'use client';

import { useEffect } from 'react';

/** Replaces the root layout when it fails; it cannot rely on the global stylesheet. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    // eslint-disable-next-line no-console
    console.error(error);
  }, [error]);

  return (
    <html lang="en">
      <body
        style={{
          fontFamily: 'system-ui, sans-serif',
          display: 'grid',
          placeItems: 'center',
          minHeight: '100vh',
          margin: 0,
        }}
      >
        <div style={{ textAlign: 'center', padding: 24 }}>
          <title>Something went wrong · Ticketing</title>
          <h1>Something went wrong</h1>
          <p>Ticketing is having trouble right now. Please try again in a moment.</p>
          <button type="button" onClick={() => retry()} style={{ padding: '10px 18px' }}>
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
