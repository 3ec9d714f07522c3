'use client';

import Link from 'next/link';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { TestCardForm } from '@/components/payments/TestCardForm';
import type { Order } from '@ticketing/common/api';
import { CancelOrder } from './CancelOrder';
import { Countdown } from './Countdown';
import styles from './OrderCheckout.module.css';
import { useRefreshWhenSettled } from './use-refresh-when-settled';

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
    <section className={styles.checkout} aria-label="Checkout">
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
          <CancelOrder orderId={order.id} />
        </>
      )}
    </section>
  );
}

function ConfirmingPayment({ orderId }: { orderId: string }) {
  const slow = useRefreshWhenSettled(orderId, true);
  return (
    <section className={styles.checkout} aria-label="Checkout">
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
