import type { Receipt as ReceiptData } from '@ticketing/common/api';
import { formatAmount, formatCard, formatDateTime } from '@/lib/format';
import styles from './Receipt.module.css';

/** Proof of payment for a completed order, as the payment provider reported it. */
export function Receipt({ orderId, receipt }: { orderId: string; receipt: ReceiptData }) {
  const card = formatCard(receipt);
  return (
    <section className={styles.receipt} aria-labelledby="receipt-title">
      <h2 id="receipt-title">Receipt</h2>
      <dl className={styles.lines}>
        <div>
          <dt>Order number</dt>
          <dd className={styles.code}>{orderId}</dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>
            <time dateTime={receipt.paidAt}>{formatDateTime(receipt.paidAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>{formatAmount(receipt.amount, receipt.currency)}</dd>
        </div>
        <div>
          <dt>Payment reference</dt>
          <dd className={styles.code}>{receipt.paymentReference}</dd>
        </div>
        {card && (
          <div>
            <dt>Card</dt>
            <dd>{card}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
