import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/AuthForm';
import { getCurrentUser } from '@/lib/api/server';
import { safeReturnPath } from '@/lib/return-path';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage({ searchParams }: PageProps<'/auth/signup'>) {
  const returnTo = safeReturnPath((await searchParams).next);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <div className="narrow card">
      <h1>Create your account</h1>
      <p className="lede">Sell spare tickets and buy the ones you want.</p>
      <AuthForm mode="signup" returnTo={returnTo} />
    </div>
  );
}
