import mongoose, { type Connection } from 'mongoose';
import { Subjects } from '../events/catalogue';
import { signSessionToken } from '../http/session';
import {
  generateSessionKeys,
  parseSessionPublicKeys,
  parseSessionSigningKey,
} from '../http/session-keys';
import { uniqueDatabaseUri } from '../testing/database';
import { InMemoryEventBus } from '../testing/in-memory-bus';
import { testUser } from '../testing/session';
import type { SessionVerifier } from '../http/middlewares';
import { honourSessionRevocations } from './session-revocations';

const keys = generateSessionKeys();
const signingKey = parseSessionSigningKey(keys.SESSION_SIGNING_KEY);

let connection: Connection;
let bus: InMemoryEventBus;
let sessions: SessionVerifier;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('revocations')).asPromise();
  bus = new InMemoryEventBus();
  sessions = await honourSessionRevocations({
    connection,
    bus,
    config: { SESSION_PUBLIC_KEYS: parseSessionPublicKeys(keys.SESSION_PUBLIC_KEYS) },
  });
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

const tokenAt = (user: { id: string; email: string }, issuedAt: number) =>
  signSessionToken(user, { signingKey, ttlSeconds: 600 }, issuedAt);
const revoke = (userId: string, revokedBefore: number) =>
  bus.deliver(Subjects.UserSessionsRevoked, {
    userId,
    revokedBefore: new Date(revokedBefore).toISOString(),
  });

describe('a service honouring session revocations', () => {
  it("when user.sessions-revoked arrives, then the user's tokens issued before it carry no session, later ones and other users' do", async () => {
    const [user, other] = [testUser(), testUser()];
    const now = Date.now();

    expect(await revoke(user.id, now)).toEqual({ action: 'ack' });

    expect(await sessions.verify(tokenAt(user, now - 1))).toEqual({ error: 'session revoked' });
    expect(await sessions.verify(tokenAt(user, now + 1))).toMatchObject({ user });
    expect(await sessions.verify(tokenAt(other, now - 1))).toMatchObject({ user: other });
  });

  it('when an older revocation arrives after a newer one (or one twice), then the newer one still holds', async () => {
    const user = testUser();
    const now = Date.now();

    await revoke(user.id, now);
    await revoke(user.id, now - 60_000);
    await revoke(user.id, now);

    expect(await sessions.verify(tokenAt(user, now - 1))).toEqual({ error: 'session revoked' });
    expect(
      await connection.collection('session_revocations').countDocuments({ _id: user.id as never }),
    ).toBe(1);
  });
});
