import 'server-only';
import { redirect } from 'next/navigation';
import { getCurrentUser } from './api/server';
import type { CurrentUser } from '@ticketing/common/api';
import { signInPath } from './return-path';

/** For pages only signed-in visitors can use: the others are sent to sign in, then back here. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}
