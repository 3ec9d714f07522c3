import styles from './ListSkeleton.module.css';

/** Placeholder rows while a list loads; announced once as "Loading…". */
export function ListSkeleton({ rows = 3, label }: { rows?: number; label: string }) {
  return (
    <div className={styles.list} role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={styles.row} />
      ))}
    </div>
  );
}
