'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { withNotice } from '@/components/layout/notices';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { Field } from '@/components/ui/Field';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { useSubmission } from '@/components/ui/use-submission';
import { callApi } from '@/lib/api/browser';
import styles from './AuthForm.module.css';

const FIELDS = ['email', 'password'] as const;

interface AuthFormProps {
  mode: 'signup' | 'signin';
  /** Where to go once signed in (already checked to be a path on this site). */
  returnTo: string;
}

export function AuthForm({ mode, returnTo }: AuthFormProps) {
  const router = useRouter();
  const { pending, errors, submit } = useSubmission(FIELDS);
  const signingUp = mode === 'signup';

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const credentials = {
      email: String(form.get('email')),
      password: String(form.get('password')),
    };
    submit(async () => {
      const result = await callApi('POST', `/api/users/${mode}`, credentials);
      if (!result.ok) return result.errors;
      router.push(signingUp ? withNotice(returnTo, 'welcome') : returnTo);
      // The header (in the layout) shows who is signed in: re-render it with the new session.
      router.refresh();
    });
  }

  const otherMode = signingUp
    ? { href: '/auth/signin', prompt: 'Already have an account?', label: 'Sign in' }
    : { href: '/auth/signup', prompt: 'New here?', label: 'Create an account' };
  const otherHref =
    returnTo === '/' ? otherMode.href : `${otherMode.href}?next=${encodeURIComponent(returnTo)}`;

  return (
    <form
      className={`form ${styles.form}`}
      onSubmit={onSubmit}
      noValidate
      aria-label={signingUp ? 'Sign up' : 'Sign in'}
    >
      <Field
        formId={mode}
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        error={errors.byField.email}
      />
      <Field
        formId={mode}
        name="password"
        label="Password"
        type="password"
        autoComplete={signingUp ? 'new-password' : 'current-password'}
        required
        hint={signingUp ? 'At least 8 characters.' : undefined}
        error={errors.byField.password}
      />
      <ErrorMessages messages={errors.general} />
      <SubmitButton
        pending={pending}
        pendingLabel={signingUp ? 'Creating account…' : 'Signing in…'}
      >
        {signingUp ? 'Create account' : 'Sign in'}
      </SubmitButton>
      <p className={styles.footer}>
        {otherMode.prompt} <Link href={otherHref}>{otherMode.label}</Link>
      </p>
    </form>
  );
}
