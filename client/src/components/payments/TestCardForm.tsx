'use client';

import { useState, type FormEvent } from 'react';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { SubmitButton } from '@/components/ui/SubmitButton';
import type { ApiErrorItem } from '@ticketing/common/api';
import { formatPrice } from '@/lib/format';
import { submitPayment } from './submit-payment';
import styles from './TestCardForm.module.css';

/** The test payment provider's cards (used when no Stripe key is configured). */
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa — succeeds', number: '4242 4242 4242 4242' },
  { token: 'tok_chargeDeclined', label: 'Visa — declined', number: '4000 0000 0000 0002' },
] as const;

interface PaymentFormProps {
  orderId: string;
  price: number;
  onPaid: () => void;
}

export function TestCardForm({ orderId, price, onPaid }: PaymentFormProps) {
  const [token, setToken] = useState<string>(TEST_CARDS[0].token);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<ApiErrorItem[]>([]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setErrors([]);
    const outcome = await submitPayment(orderId, token);
    if (outcome.kind === 'paid') {
      // Stays disabled: the form is replaced by the confirmation.
      onPaid();
      return;
    }
    setPending(false);
    setErrors(
      outcome.kind === 'failed'
        ? outcome.errors
        : [{ message: 'This card needs authentication, which the test card form cannot do.' }],
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Payment">
      <fieldset className={styles.options} disabled={pending}>
        <legend>Test card</legend>
        {TEST_CARDS.map((card) => (
          <label key={card.token} className={styles.option}>
            <input
              type="radio"
              name="card"
              value={card.token}
              checked={token === card.token}
              onChange={() => setToken(card.token)}
            />
            <span className={styles.label}>{card.label}</span>
            <span className={styles.number}>{card.number}</span>
          </label>
        ))}
      </fieldset>
      <p className="hint">Payments run against the test provider: no real card is charged.</p>
      <ErrorMessages messages={errors.map((e) => e.message)} />
      <SubmitButton pending={pending} pendingLabel="Paying…">
        Pay {formatPrice(price)}
      </SubmitButton>
    </form>
  );
}
