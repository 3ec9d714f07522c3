'use client';

import { useRouter } from 'next/navigation';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { useSubmission } from '@/components/ui/use-submission';
import { callApiOnceKnown } from '@/lib/api/browser';
import styles from './PurchaseButton.module.css';
import type { Order } from '@ticketing/common/api';

export function PurchaseButton({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const { pending, errors, submit } = useSubmission([]);

  function purchase() {
    submit(async () => {
      const result = await callApiOnceKnown<Order>('POST', '/api/orders', { ticketId });
      if (!result.ok) return result.errors;
      router.push(`/orders/${result.data.id}`);
    });
  }

  return (
    <div className={styles.purchase}>
      <SubmitButton type="button" pending={pending} pendingLabel="Reserving…" onClick={purchase}>
        Purchase
      </SubmitButton>
      <ErrorMessages messages={errors.general} />
    </div>
  );
}
