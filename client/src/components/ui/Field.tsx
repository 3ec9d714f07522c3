import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import styles from './Field.module.css';

interface FieldFrameProps {
  name: string;
  label: string;
  /** The form's id prefix, so two forms on a page never share element ids. */
  formId: string;
  error?: string;
  hint?: string;
}

/** The ids and ARIA attributes that tie a control to its label, hint and error. */
function controlAttributes({ name, formId, error, hint }: FieldFrameProps) {
  const id = `${formId}-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return {
    id,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
}

function FieldFrame({
  name,
  label,
  formId,
  error,
  hint,
  children,
}: FieldFrameProps & { children: ReactNode }) {
  const id = `${formId}-${name}`;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className={styles.error}>
          {error}
        </p>
      )}
    </div>
  );
}

type Own<T> = Omit<T, 'id' | 'name'> & FieldFrameProps;

/** A labelled input whose error (and hint) is announced with it through aria-describedby. */
export function Field({
  name,
  label,
  formId,
  error,
  hint,
  ...input
}: Own<InputHTMLAttributes<HTMLInputElement>>) {
  const frame = { name, label, formId, error, hint };
  return (
    <FieldFrame {...frame}>
      <input {...controlAttributes(frame)} {...input} />
    </FieldFrame>
  );
}

/** A labelled select, announced like `Field`. */
export function SelectField({
  name,
  label,
  formId,
  error,
  hint,
  children,
  ...select
}: Own<SelectHTMLAttributes<HTMLSelectElement>>) {
  const frame = { name, label, formId, error, hint };
  return (
    <FieldFrame {...frame}>
      <select {...controlAttributes(frame)} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

/** A labelled multi-line text box, announced like `Field`. */
export function TextAreaField({
  name,
  label,
  formId,
  error,
  hint,
  ...textarea
}: Own<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const frame = { name, label, formId, error, hint };
  return (
    <FieldFrame {...frame}>
      <textarea {...controlAttributes(frame)} {...textarea} />
    </FieldFrame>
  );
}
