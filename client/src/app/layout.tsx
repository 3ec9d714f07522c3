// Imported first: the components' CSS Modules come after it in the page, so they win ties with it.
import '@/styles/globals.css';
import type { Metadata, Viewport } from 'next';
import { Suspense, type ReactNode } from 'react';
import { Footer } from '@/components/layout/Footer';
import { Header } from '@/components/layout/Header';
import { Notices } from '@/components/layout/Notices';
import { getCurrentUser } from '@/lib/api/server';
import type { CurrentUser } from '@ticketing/common/api';

export const metadata: Metadata = {
  title: { default: 'Ticketing', template: '%s · Ticketing' },
  description: 'Buy and sell tickets to the events you love.',
};

export const viewport: Viewport = { themeColor: '#4338ca' };

/** The header must not take the whole site down when the auth service is unreachable. */
async function headerUser(): Promise<CurrentUser | null> {
  try {
    return await getCurrentUser();
  } catch {
    return null;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await headerUser();
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Header user={user} />
        <main id="main" className="container main">
          <Suspense fallback={<div role="status" />}>
            <Notices />
          </Suspense>
          {children}
        </main>
        <Footer />
      </body>
    </html>
  );
}
