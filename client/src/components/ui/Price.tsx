import { formatPrice } from '@/lib/format';
import styles from './Price.module.css';

export function Price({ value, className }: { value: number; className?: string }) {
  return (
    <span className={[styles.price, className].filter(Boolean).join(' ')}>
      {formatPrice(value)}
    </span>
  );
}
