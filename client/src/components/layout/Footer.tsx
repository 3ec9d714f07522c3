import styles from './Footer.module.css';

export function Footer() {
  return (
    <footer className={styles.footer}>
      <div className="container">Ticketing — resale at face value, paid securely.</div>
    </footer>
  );
}
