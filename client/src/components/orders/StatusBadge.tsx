import { Badge } from '@/components/ui/Badge';
import type { Order } from '@ticketing/common/api';
import { orderStatusLabel } from './order-status';

export function StatusBadge({ order }: { order: Pick<Order, 'status' | 'cancelReason'> }) {
  const { label, tone } = orderStatusLabel(order);
  return <Badge tone={tone}>{label}</Badge>;
}
