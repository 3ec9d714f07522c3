// Liveness for the kubelet and the load balancer: the server process answers.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
