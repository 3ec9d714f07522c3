// Readiness: the site renders from the APIs, which have probes of their own; once the server
// answers it can take traffic (a page whose API is down shows its error state).
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ready' });
}
