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

  constructor(private readonly revocations: ReplicatedSessionRevocations) {
    super();
  }

  onMessage(data: UserSessionsRevokedData): Promise<void> {
    return this.revocations.apply(data);
  }
}

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
  await bus.listen(new UserSessionsRevokedListener(revocations));
  return new SessionVerifier(config.SESSION_PUBLIC_KEYS, revocations);
}
