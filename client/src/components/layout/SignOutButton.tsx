'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/lib/api/browser';
import { withNotice } from './notices';
import styles from './SignOutButton.module.css';

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    const result = await callApi('POST', '/api/users/signout');
    setPending(false);
    if (!result.ok) {
      setFailed(true);
      return;
    }
    router.push(withNotice('/', 'signed-out'));
    router.refresh();
  }

  return (
    <>
      <button type="button" className={styles.button} onClick={signOut} disabled={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {failed ? 'Signing out failed. Please try again.' : ''}
      </span>
    </>
  );
}
