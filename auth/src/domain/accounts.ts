import {
  BadRequestError,
  changed,
  isDuplicateKeyError,
  OutboxWriter,
  Subjects,
  type EventsRecorded,
  type UserPayload,
} from '@ticketing/common';
import type { User, UserModel } from '../data/user-model';
import { hashPassword, verifyPassword } from './password';

export const INVALID_CREDENTIALS = 'Invalid credentials';

/** Sign-up, sign-in and revoking sessions, independent of HTTP. Emails arrive trimmed and lower-cased. */
export class Accounts {
  /** Spent on unknown emails, so their answer takes as long as a wrong password's. */
  private readonly decoyHash: Promise<string>;
  private readonly writer: OutboxWriter<User>;

  constructor(
    private readonly users: UserModel,
    eventsRecorded: EventsRecorded,
  ) {
    this.decoyHash = hashPassword('decoy-password-for-unknown-emails');
    this.writer = new OutboxWriter(users, { eventsRecorded });
  }

  async signUp(email: string, password: string): Promise<UserPayload> {
    try {
      const user = await this.users.create({ email, passwordHash: await hashPassword(password) });
      return { id: user.id as string, email: user.email };
    } catch (err) {
      // The unique index decides between simultaneous sign-ups with one email.
      if (isDuplicateKeyError(err)) throw new BadRequestError('Email in use', 'email');
      throw err;
    }
  }

  async signIn(email: string, password: string): Promise<UserPayload> {
    const user = await this.users.findOne({ email }).select('+passwordHash');
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !matches) throw new BadRequestError(INVALID_CREDENTIALS);
    return { id: user.id as string, email: user.email };
  }

  /**
   * Revokes every session of the user issued until now, on every device: each service learns it
   * from `user.sessions-revoked`. False when there is no such user.
   */
  async revokeSessions(userId: string, now = new Date()): Promise<boolean> {
    const revoked = await this.writer.change(userId, (user) => {
      user.sessionsRevokedBefore = now;
      user.recordEvent(Subjects.UserSessionsRevoked, { userId, revokedBefore: now.toISOString() });
      return changed(true);
    });
    return revoked ?? false;
  }
}
