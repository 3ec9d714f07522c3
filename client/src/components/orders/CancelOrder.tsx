'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef } from 'react';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { useSubmission } from '@/components/ui/use-submission';
import { callApi } from '@/lib/api/browser';
import styles from './CancelOrder.module.css';

/**
 * Cancelling gives the ticket up at once, for good: it is asked for in a modal dialog first (the
 * browser's <dialog>: focus moves into it and stays there, Escape closes it, focus returns to the
 * button that opened it). Kept apart from the payment form so a slip cannot hit it instead of Pay.
 */
export function CancelOrder({ orderId }: { orderId: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const { pending, errors, submit } = useSubmission([]);

  function cancel() {
    submit(async () => {
      const result = await callApi('DELETE', `/api/orders/${orderId}`);
      if (!result.ok) return result.errors;
      dialog.current?.close();
      router.refresh();
    });
  }

  return (
    <section className={styles.cancel} aria-label="Cancel the order">
      <p className="hint">Changed your mind? Cancelling gives the ticket up straight away.</p>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => dialog.current?.showModal()}
      >
        Cancel order
      </button>
      <dialog
        ref={dialog}
        className={styles.dialog}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
      >
        <h2 id={titleId}>Cancel this order?</h2>
        <p id={descriptionId}>
          The ticket goes back on sale at once, and someone else may buy it. This cannot be undone.
        </p>
        <ErrorMessages messages={errors.general} />
        <div className={styles.actions}>
          <button
            type="button"
            className="button button-primary"
            autoFocus
            onClick={() => dialog.current?.close()}
            disabled={pending}
          >
            Keep my order
          </button>
          <SubmitButton
            type="button"
            variant="secondary"
            pending={pending}
            pendingLabel="Cancelling…"
            onClick={cancel}
          >
            Yes, cancel it
          </SubmitButton>
        </div>
      </dialog>
    </section>
  );
}
