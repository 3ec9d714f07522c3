import 'server-only';
import QRCode from 'qrcode';
import { PrintButton } from './PrintButton';
import styles from './Receipt.module.css';

/**
 * The e-ticket: the order's signed code as a QR code for the door, drawn on the server as SVG (no
 * script, sharp when printed), with the code itself as its text alternative for anyone who cannot
 * scan or see it.
 */
export async function ETicket({ code, title }: { code: string; title: string }) {
  const svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return (
    <section className={styles.eticket} aria-labelledby="eticket-title">
      <h2 id="eticket-title">E-ticket</h2>
      <p className={styles.eticketFor}>{title}</p>
      <div
        className={styles.qr}
        role="img"
        aria-label={`QR code of the e-ticket for ${title}; its code is written below`}
        // The SVG is qrcode's output for our own code: path data only, no text from the visitor.
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <p className={styles.codeLine}>
        Ticket code: <code className={styles.code}>{code}</code>
      </p>
      <p className="hint">Show this code at the entrance; it can be scanned once.</p>
      <PrintButton />
    </section>
  );
}
