import { Schema, type Connection, type Model } from 'mongoose';
import type { EventBus } from '../bus/event-bus';
import { Listener } from '../bus/listener';
import { Subjects, type UserSessionsRevokedData } from '../events/catalogue';
import { SessionVerifier, type SessionRevocations } from '../http/middlewares';
import type { SessionPublicKeys } from '../http/session-keys';

interface Revocation {
  _id: string;
  revokedBefore: Date;
}

const revocationSchema = new Schema<Revocation>(
  { _id: { type: String, required: true }, revokedBefore: { type: Date, required: true } },
  { collection: 'session_revocations', versionKey: false },
);

/**
 * The service's copy of auth's revocations: per user, the latest `revokedBefore`. Applying an event
 * keeps the later of the two instants, so redeliveries and reordering change nothing.
 */
export class ReplicatedSessionRevocations implements SessionRevocations {
  constructor(private readonly revocations: Model<Revocation>) {}

  async revokedBefore(userId: string): Promise<number | undefined> {
    const revocation = await this.revocations.findById(userId).lean();
    return revocation?.revokedBefore.getTime();
  }

  async apply({ userId, revokedBefore }: UserSessionsRevokedData): Promise<void> {
    await this.revocations.updateOne(
      { _id: userId },
      { $max: { revokedBefore: new Date(revokedBefore) } },
      { upsert: true },
    );
  }
}

export class UserSessionsRevokedListener extends Listener<typeof Subjects.UserSessionsRevoked> {
  readonly subject = Subjects.UserSessionsRevoked;

  constructor(
    private readonly revocations: ReplicatedSessionRevocations,
    private readonly cache: CachedSessionRevocations,
  ) {
    super();
  }

  async onMessage(data: UserSessionsRevokedData): Promise<void> {
    await this.revocations.apply(data);
    this.cache.forget(data.userId);
  }
}

/**
 * Each user's revocation as read within the last `ttlMs`: a lookup per request would cost every
 * signed-in request a database round trip (about 10 ms on FerretDB, a few hundred lookups a second
 * at most). A replica that applies the event forgets its entry at once; the others within `ttlMs`,
 * since only one replica of a service receives each event.
 */
export class CachedSessionRevocations implements SessionRevocations {
  private readonly entries = new Map<string, { at: number; value: Promise<number | undefined> }>();

  constructor(
    private readonly source: SessionRevocations,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  revokedBefore(userId: string): Promise<number | undefined> {
    const now = Date.now();
    const cached = this.entries.get(userId);
    if (cached && now - cached.at < this.ttlMs) return cached.value;
    const value = this.source.revokedBefore(userId);
    this.entries.delete(userId);
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!); // the oldest read
    }
    this.entries.set(userId, { at: now, value });
    value.catch(() => this.entries.delete(userId));
    return value;
  }

  forget(userId: string): void {
    this.entries.delete(userId);
  }
}

/** How long a replica may answer a user's revocation from memory (the 2 s promise minus delivery). */
export const REVOCATION_CACHE_MS = 1_000;

/**
 * Makes a service honour `user.sessions-revoked`: keeps the revocations in its own database and
 * answers the session verifier its app checks every token with.
 */
export async function honourSessionRevocations({
  connection,
  bus,
  config,
}: {
  connection: Connection;
  bus: EventBus;
  config: { SESSION_PUBLIC_KEYS: SessionPublicKeys };
}): Promise<SessionVerifier> {
  const revocations = new ReplicatedSessionRevocations(
    connection.model<Revocation>('SessionRevocation', revocationSchema),
  );
  const cache = new CachedSessionRevocations(revocations, REVOCATION_CACHE_MS);
  await bus.listen(new UserSessionsRevokedListener(revocations, cache));
  return new SessionVerifier(config.SESSION_PUBLIC_KEYS, cache);
}
