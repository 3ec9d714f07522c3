import path from 'node:path';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server for the container image: only the files the server needs are copied.
  output: 'standalone',
  // The workspace's dependencies are hoisted to the monorepo root; tracing must start there.
  outputFileTracingRoot: path.join(__dirname, '..'),
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          // For browsers without CSP's frame-ancestors (src/proxy.ts sets the policy per page).
          { key: 'X-Frame-Options', value: 'DENY' },
          // No page needs these; Stripe's frames may ask for payment (wallets).
          {
            key: 'Permissions-Policy',
            value:
              'camera=(), microphone=(), geolocation=(), usb=(), browsing-topics=(), payment=(self "https://js.stripe.com")',
          },
        ],
      },
    ];
  },
};

export default nextConfig;
