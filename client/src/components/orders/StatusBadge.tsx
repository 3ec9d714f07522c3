import { Badge, type BadgeTone } from '@/components/ui/Badge';
import type { OrderStatus } from '@ticketing/common/api';

const LABELS: Record<OrderStatus, { label: string; tone: BadgeTone }> = {
  created: { label: 'Reserved', tone: 'info' },
  'awaiting:payment': { label: 'Payment pending', tone: 'warning' },
  complete: { label: 'Complete', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { label, tone } = LABELS[status] ?? { label: status, tone: 'neutral' };
  return <Badge tone={tone}>{label}</Badge>;
}
