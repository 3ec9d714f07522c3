import type { Metadata } from 'next';
import Link from 'next/link';

// At the root, beside the layout: its title template does not apply here.
export const metadata: Metadata = { title: { absolute: 'Page not found · Ticketing' } };

export default function NotFound() {
  return (
    <div className="empty-state">
      <p className="eyebrow">404</p>
      <h1>We couldn’t find that page</h1>
      <p>The ticket or order may have been removed, or the link is mistyped.</p>
      <Link href="/" className="button button-primary">
        Browse tickets
      </Link>
    </div>
  );
}
