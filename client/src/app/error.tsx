'use client';

import Link from 'next/link';
import { useEffect } from 'react';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    // The browser console is where a client-side failure can be seen; server ones are logged by Next.
    // eslint-disable-next-line no-console
    console.error(error);
  }, [error]);

  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : undefined;
  return (
    <div className="empty-state" role="alert">
      {/* A client component cannot export metadata; React puts a rendered <title> in the head. */}
      <title>Something went wrong · Ticketing</title>
      <h1>Something went wrong</h1>
      <p>We couldn’t load this page. It is probably temporary: please try again in a moment.</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="button button-secondary">
          Go to the home page
        </Link>
      </div>
      {digest && <p className="hint">Reference: {digest}</p>}
    </div>
  );
}
