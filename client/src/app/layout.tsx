import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Header } from '@/components/layout/Header';
import { getCurrentUser } from '@/lib/api/server';
import type { CurrentUser } from '@/lib/api/types';
import '@/styles/globals.css';

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
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">Ticketing — resale at face value, paid securely.</div>
        </footer>
      </body>
    </html>
  );
}
