import { callApiOnceKnown } from '@/lib/api/browser';
import type { ApiErrorItem } from '@ticketing/common/api';

export type PaymentOutcome =
  | { kind: 'paid' }
  /** The bank wants the cardholder to authenticate (3-D Secure) before the charge completes. */
  | { kind: 'needs-action'; clientSecret: string }
  | { kind: 'failed'; status: number; errors: ApiErrorItem[] };

export async function submitPayment(orderId: string, token: string): Promise<PaymentOutcome> {
  // Payments learns of a new order through order.created: a 404 right after ordering is retried.
  const result = await callApiOnceKnown<{ id?: string; clientSecret?: string }>(
    'POST',
    '/api/payments',
    {
      orderId,
      token,
    },
  );
  if (!result.ok) return { kind: 'failed', status: result.status, errors: result.errors };
  if (result.status === 202 && result.data.clientSecret) {
    return { kind: 'needs-action', clientSecret: result.data.clientSecret };
  }
  return { kind: 'paid' };
}
