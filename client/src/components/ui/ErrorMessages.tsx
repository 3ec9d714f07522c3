import styles from './ErrorMessages.module.css';

/**
 * Errors that belong to no field. The live region is always rendered so that screen readers
 * announce messages that appear in it later.
 */
export function ErrorMessages({ messages }: { messages: readonly string[] }) {
  return (
    <div className={styles.errors} aria-live="polite" aria-atomic="true">
      {messages.length > 0 && (
        <div className="alert alert-error" role="alert">
          {messages.length === 1 ? (
            <p>{messages[0]}</p>
          ) : (
            <ul className={styles.list}>
              {messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
