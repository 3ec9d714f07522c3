import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/AuthForm';
import { getCurrentUser } from '@/lib/api/server';
import { safeReturnPath } from '@/lib/return-path';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: PageProps<'/auth/signin'>) {
  const returnTo = safeReturnPath((await searchParams).next);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <div className="narrow card">
      <h1>Welcome back</h1>
      <p className="lede">Sign in to buy, sell and see your orders.</p>
      <AuthForm mode="signin" returnTo={returnTo} />
    </div>
  );
}
