'use client';

import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
// The pure entry does not inject Stripe.js on import, only when loadStripe is called.
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe } from '@stripe/stripe-js';
import { useState, type FormEvent } from 'react';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { formatPrice, toCents } from '@/lib/format';
import { submitPayment } from './submit-payment';

// Stripe.js must be loaded once per key, not on every render.
const stripeByKey = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let stripe = stripeByKey.get(publishableKey);
  if (!stripe) {
    stripe = loadStripe(publishableKey);
    stripeByKey.set(publishableKey, stripe);
  }
  return stripe;
}

interface StripePaymentFormProps {
  publishableKey: string;
  orderId: string;
  price: number;
  onPaid: () => void;
}

/**
 * Stripe's Payment Element in "finalize on the server" mode: the browser turns the card into a
 * PaymentMethod, the payments service charges it, and if the bank asks for 3-D Secure (202 with a
 * client secret) the browser completes that step with `handleNextAction`.
 */
export function StripePaymentForm({ publishableKey, ...form }: StripePaymentFormProps) {
  return (
    <Elements
      stripe={stripeFor(publishableKey)}
      options={{
        mode: 'payment',
        amount: toCents(form.price),
        currency: 'usd',
        paymentMethodCreation: 'manual',
        appearance: {
          theme: 'stripe',
          variables: { colorPrimary: '#4338ca', borderRadius: '8px' },
        },
      }}
    >
      <PaymentElementForm {...form} />
    </Elements>
  );
}

function PaymentElementForm({
  orderId,
  price,
  onPaid,
}: Omit<StripePaymentFormProps, 'publishableKey'>) {
  const stripe = useStripe();
  const elements = useElements();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  async function pay(): Promise<string[] | 'paid'> {
    if (!stripe || !elements) return ['The payment form is still loading.'];
    const submitted = await elements.submit();
    if (submitted.error) return [submitted.error.message ?? 'Check your card details.'];
    const created = await stripe.createPaymentMethod({ elements });
    if (created.error) return [created.error.message ?? 'Check your card details.'];

    const outcome = await submitPayment(orderId, created.paymentMethod.id);
    if (outcome.kind === 'failed') return outcome.errors.map((e) => e.message);
    if (outcome.kind === 'needs-action') {
      const action = await stripe.handleNextAction({ clientSecret: outcome.clientSecret });
      if (action.error) return [action.error.message ?? 'Card authentication failed.'];
    }
    return 'paid';
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setErrors([]);
    const result = await pay();
    if (result === 'paid') {
      onPaid();
      return;
    }
    setPending(false);
    setErrors(result);
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Payment">
      <PaymentElement />
      <ErrorMessages messages={errors} />
      <SubmitButton pending={pending} pendingLabel="Paying…" disabled={!stripe || !elements}>
        Pay {formatPrice(price)}
      </SubmitButton>
    </form>
  );
}
