'use client';

import Link from 'next/link';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { TestCardForm } from '@/components/payments/TestCardForm';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { useSubmission } from '@/components/ui/use-submission';
import { callApi } from '@/lib/api/browser';
import type { Order } from '@/lib/api/types';
import { Countdown } from './Countdown';

// Stripe's code is only downloaded by sites configured with a publishable key.
const StripePaymentForm = dynamic(
  () => import('@/components/payments/StripePaymentForm').then((m) => m.StripePaymentForm),
  {
    ssr: false,
    loading: () => (
      <p className="muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the payment form…
      </p>
    ),
  },
);

interface OrderCheckoutProps {
  order: Order;
  /** Stripe's publishable key from the server's configuration; without it, the test card form. */
  publishableKey?: string;
  renderedAt: number;
}

type Phase = 'payable' | 'expired' | 'confirming';

/** A reserved order: the countdown, the payment form while time is left, then the confirmation. */
export function OrderCheckout({ order, publishableKey, renderedAt }: OrderCheckoutProps) {
  const [phase, setPhase] = useState<Phase>(
    order.status === 'awaiting:payment' ? 'confirming' : 'payable',
  );
  const onPaid = () => setPhase('confirming');
  // Once expired, the page is refreshed when the orders service has cancelled the order.
  useRefreshWhenSettled(order.id, phase === 'expired');

  if (phase === 'confirming') return <ConfirmingPayment orderId={order.id} />;

  return (
    <section className="checkout" aria-label="Checkout">
      <Countdown
        expiresAt={order.expiresAt}
        renderedAt={renderedAt}
        onExpire={() => setPhase('expired')}
      />
      {phase === 'expired' ? (
        <div className="notice">
          <p>The reservation ran out, so the ticket is back on sale.</p>
          <Link href={`/tickets/${order.ticket.id}`}>See the ticket</Link>
        </div>
      ) : (
        <>
          {publishableKey ? (
            <StripePaymentForm
              publishableKey={publishableKey}
              orderId={order.id}
              price={order.ticket.price}
              onPaid={onPaid}
            />
          ) : (
            <TestCardForm orderId={order.id} price={order.ticket.price} onPaid={onPaid} />
          )}
          <CancelOrderButton orderId={order.id} />
        </>
      )}
    </section>
  );
}

function CancelOrderButton({ orderId }: { orderId: string }) {
  const router = useRouter();
  const { pending, errors, submit } = useSubmission([]);
  function cancel() {
    submit(async () => {
      const result = await callApi('DELETE', `/api/orders/${orderId}`);
      if (!result.ok) return result.errors;
      router.refresh();
    });
  }
  return (
    <div className="cancel-order">
      <SubmitButton
        type="button"
        variant="secondary"
        pending={pending}
        pendingLabel="Cancelling…"
        onClick={cancel}
      >
        Cancel order
      </SubmitButton>
      <ErrorMessages messages={errors.general} />
    </div>
  );
}

const POLL_MS = 750;
const GIVE_UP_MS = 60_000;

/**
 * Payment and expiry are settled by the orders service an event later. Polls the order until its
 * status moves on, then re-renders the page from the server. Answers whether it gave up.
 */
function useRefreshWhenSettled(orderId: string, active: boolean): boolean {
  const router = useRouter();
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (!active) return;
    const startedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const poll = async () => {
      const result = await callApi<Order>('GET', `/api/orders/${orderId}`);
      if (stopped) return;
      if (
        result.ok &&
        result.data.status !== 'created' &&
        result.data.status !== 'awaiting:payment'
      ) {
        router.refresh();
        return;
      }
      if (Date.now() - startedAt > GIVE_UP_MS) {
        setGaveUp(true);
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [orderId, active, router]);

  return gaveUp;
}

function ConfirmingPayment({ orderId }: { orderId: string }) {
  const slow = useRefreshWhenSettled(orderId, true);
  return (
    <section className="checkout" aria-label="Checkout">
      <div className="notice notice-success" role="status">
        {slow ? (
          <p>
            Your payment was accepted; confirming the order is taking longer than usual. Refresh in
            a minute.
          </p>
        ) : (
          <p>
            <span className="spinner" aria-hidden="true" /> Payment accepted. Confirming your order…
          </p>
        )}
      </div>
    </section>
  );
}
