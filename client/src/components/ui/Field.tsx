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
interface ControlAttributes {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

type Own<T> = Omit<T, 'id' | 'name'> & FieldFrameProps;

/**
 * A control with its label, hint and error, tied together once for every kind of control: `control`
 * renders the element from the attributes that tie it and the props meant for it.
 */
function labelled<P extends FieldFrameProps>(
  { name, label, formId, error, hint, ...own }: P,
  control: (attributes: ControlAttributes, own: Omit<P, keyof FieldFrameProps>) => ReactNode,
) {
  const id = `${formId}-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const attributes: ControlAttributes = {
    id,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {control(attributes, own)}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input whose error (and hint) is announced with it through aria-describedby. */
export function Field(props: Own<InputHTMLAttributes<HTMLInputElement>>) {
  return labelled(props, (attributes, input) => <input {...attributes} {...input} />);
}

/** A labelled select, announced like `Field`. */
export function SelectField(props: Own<SelectHTMLAttributes<HTMLSelectElement>>) {
  return labelled(props, (attributes, select) => <select {...attributes} {...select} />);
}

/** A labelled multi-line text box, announced like `Field`. */
export function TextAreaField(props: Own<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  return labelled(props, (attributes, textarea) => <textarea {...attributes} {...textarea} />);
}
