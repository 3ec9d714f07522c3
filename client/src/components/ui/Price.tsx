import { formatPrice } from '@/lib/format';

export function Price({ value, className }: { value: number; className?: string }) {
  return (
    <span className={['price', className].filter(Boolean).join(' ')}>{formatPrice(value)}</span>
  );
}
