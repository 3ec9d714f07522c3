import type { BadgeTone } from '@/components/ui/Badge';
import type { Order } from '@ticketing/common/api';

export interface OrderStatusLabel {
  label: string;
  tone: BadgeTone;
  /** Why the order ended, for a cancelled one whose reason is known. */
  explanation?: string;
}

/**
 * How an order's state reads to its buyer. A cancelled order says why: `Expired` (not paid in time)
 * is not the buyer's doing, `Cancelled` is. Orders cancelled before the reason was recorded have none.
 */
export function orderStatusLabel({
  status,
  cancelReason,
}: Pick<Order, 'status' | 'cancelReason'>): OrderStatusLabel {
  switch (status) {
    case 'created':
      return { label: 'Reserved', tone: 'info' };
    case 'awaiting:payment':
      return { label: 'Payment pending', tone: 'warning' };
    case 'complete':
      return { label: 'Complete', tone: 'success' };
    case 'cancelled':
      if (cancelReason === 'expired') {
        return { label: 'Expired', tone: 'neutral', explanation: 'Not paid in time' };
      }
      if (cancelReason === 'cancelled-by-buyer') {
        return { label: 'Cancelled', tone: 'neutral', explanation: 'Cancelled by you' };
      }
      return { label: 'Cancelled', tone: 'neutral' };
  }
}

/** An order that still holds its ticket and can be paid for. */
export const isPayable = ({ status }: Pick<Order, 'status'>) =>
  status === 'created' || status === 'awaiting:payment';
