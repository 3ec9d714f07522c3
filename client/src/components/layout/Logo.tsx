import styles from './Logo.module.css';

/** The ticket mark: a stub with two punched notches. */
export function Logo() {
  return (
    <svg className={styles.mark} viewBox="0 0 32 24" width="32" height="24" aria-hidden="true">
      <path
        d="M4 2h24a2 2 0 0 1 2 2v5a3 3 0 0 0 0 6v5a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-5a3 3 0 0 0 0-6V4a2 2 0 0 1 2-2z"
        fill="currentColor"
      />
      <path d="M21 5v14" stroke="#fff" strokeWidth="1.5" strokeDasharray="2 2" />
    </svg>
  );
}
