'use client';

import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useHydrated } from './use-hydrated';

interface SubmitButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  pending: boolean;
  pendingLabel: string;
  children: ReactNode;
  variant?: 'primary' | 'secondary';
}

/**
 * Disabled while its request runs, so a double click cannot send it twice, and until the page is
 * hydrated: before that, the browser would submit the form natively (credentials in the URL).
 */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  variant = 'primary',
  className,
  disabled,
  type = 'submit',
  ...button
}: SubmitButtonProps) {
  const hydrated = useHydrated();
  return (
    <button
      type={type}
      className={['button', `button-${variant}`, className].filter(Boolean).join(' ')}
      disabled={pending || disabled || !hydrated}
      aria-busy={pending || undefined}
      {...button}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? pendingLabel : children}
    </button>
  );
}
