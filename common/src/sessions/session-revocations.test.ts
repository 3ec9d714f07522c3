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
import { waitFor } from '../testing/wait-for';
import {
  CachedSessionRevocations,
  honourSessionRevocations,
  REVOCATION_CACHE_MS,
} from './session-revocations';

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
    expect(await sessions.verify(tokenAt(user, now - 1))).toMatchObject({ user });

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

  it('when another replica of the service applied the revocation, then this one honours it within the cache time', async () => {
    const otherReplica = await honourSessionRevocations({
      connection,
      bus: new InMemoryEventBus(),
      config: { SESSION_PUBLIC_KEYS: parseSessionPublicKeys(keys.SESSION_PUBLIC_KEYS) },
    });
    const user = testUser();
    const now = Date.now();
    expect(await otherReplica.verify(tokenAt(user, now - 1))).toMatchObject({ user });

    await revoke(user.id, now);

    await waitFor(async () => 'error' in (await otherReplica.verify(tokenAt(user, now - 1))), {
      timeoutMs: REVOCATION_CACHE_MS + 500,
      what: 'the other replica to honour the revocation',
    });
  });
});

describe('the revocation cache', () => {
  it('when one user is checked many times at once and again within the cache time, then the database is asked once', async () => {
    let lookups = 0;
    const cache = new CachedSessionRevocations(
      { revokedBefore: async () => (lookups++, undefined) },
      60_000,
    );

    await Promise.all(Array.from({ length: 50 }, () => cache.revokedBefore('u1')));
    await cache.revokedBefore('u1');

    expect(lookups).toBe(1);
  });

  it('when it is full, then the oldest entry makes room and the size stays bounded', async () => {
    const asked: string[] = [];
    const cache = new CachedSessionRevocations(
      { revokedBefore: async (userId) => (asked.push(userId), undefined) },
      60_000,
      2,
    );

    for (const id of ['a', 'b', 'c', 'b', 'a']) await cache.revokedBefore(id);

    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
