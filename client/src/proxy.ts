import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/content-security-policy';

/**
 * A fresh nonce and Content-Security-Policy for every page. Next.js reads the policy from the
 * request's headers while rendering and puts the nonce on its scripts and styles; the browser
 * gets the same policy on the response. Every page is rendered per request (the layout reads the
 * session), which nonces require.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), {
    development: process.env.NODE_ENV === 'development',
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Static files and prefetches are not documents: they need no policy.
      source: '/((?!_next/static|_next/image|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
