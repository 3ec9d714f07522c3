'use client';

import styles from './Receipt.module.css';

export function PrintButton() {
  return (
    <button
      type="button"
      className={`button button-secondary ${styles.print}`}
      onClick={() => window.print()}
    >
      Print receipt and e-ticket
    </button>
  );
}
