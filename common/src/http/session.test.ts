import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { SessionVerifier } from './middlewares';
import { signSessionToken, verifySessionToken } from './session';
import {
  generateSessionKeys,
  parseSessionPublicKeys,
  parseSessionSigningKey,
  publicKeySet,
  sessionKeyId,
} from './session-keys';

const user = { id: 'u1', email: 'a@example.com' };

function keyPair() {
  const env = generateSessionKeys();
  return {
    env,
    signingKey: parseSessionSigningKey(env.SESSION_SIGNING_KEY),
    publicKeys: parseSessionPublicKeys(env.SESSION_PUBLIC_KEYS),
  };
}

describe('session tokens', () => {
  const current = keyPair();

  it('when auth signs a token, then it names its key and algorithm in the header, and every service verifies it with the public key alone', () => {
    const token = signSessionToken(user, { signingKey: current.signingKey, ttlSeconds: 60 });

    expect(jwt.decode(token, { complete: true })?.header).toMatchObject({
      alg: 'ES256',
      kid: current.signingKey.kid,
    });
    expect(verifySessionToken(token, current.publicKeys)).toMatchObject({ user });
  });

  it('when a token is signed with a key missing from the public keys, then it carries no session', () => {
    const other = keyPair();
    const token = signSessionToken(user, { signingKey: other.signingKey, ttlSeconds: 60 });

    expect(verifySessionToken(token, current.publicKeys)).toEqual({
      error: 'token signed with an unknown key',
    });
  });

  it('when a correctly signed token has no expiry, then it carries no session', () => {
    const token = jwt.sign({ email: user.email }, current.signingKey.privateKey, {
      algorithm: 'ES256',
      keyid: current.signingKey.kid,
      subject: user.id,
    });

    expect(verifySessionToken(token, current.publicKeys)).toEqual({ error: 'token has no expiry' });
  });

  it('when a token is signed with HS256 using the public key as the secret, then it carries no session', () => {
    const publicKey = [...current.publicKeys.values()][0]!;
    const forged = jwt.sign(
      { email: user.email },
      Buffer.from(JSON.stringify(publicKey.export({ format: 'jwk' }))),
      { algorithm: 'HS256', keyid: current.signingKey.kid, subject: user.id, expiresIn: 60 },
    );

    expect(verifySessionToken(forged, current.publicKeys)).toHaveProperty('error');
  });

  it('when keys are rotated, then tokens of the old key stay valid while its public key is listed, and not once it is retired', () => {
    const next = keyPair();
    const old = signSessionToken(user, { signingKey: current.signingKey, ttlSeconds: 60 });
    const during = parseSessionPublicKeys(
      publicKeySet(current.signingKey.privateKey, next.signingKey.privateKey),
    );

    expect(verifySessionToken(old, during)).toMatchObject({ user });
    expect(
      verifySessionToken(
        signSessionToken(user, { signingKey: next.signingKey, ttlSeconds: 60 }),
        during,
      ),
    ).toMatchObject({ user });
    expect(verifySessionToken(old, next.publicKeys)).toHaveProperty('error');
  });

  it('when a token is issued, then its issue time is kept to the millisecond', () => {
    const token = signSessionToken(
      user,
      { signingKey: current.signingKey, ttlSeconds: 60 },
      1_800_000_000_123,
    );

    expect(verifySessionToken(token, current.publicKeys)).toMatchObject({
      issuedAt: 1_800_000_000_123,
    });
  });
});

describe('session keys in the environment', () => {
  it('when the public keys are not a JWK Set, then reading them fails naming the problem', () => {
    expect(() => parseSessionPublicKeys('not json')).toThrow('the key set is not JSON');
    expect(() => parseSessionPublicKeys('{"keys":[]}')).toThrow('at least one key');
  });

  it('when a private key is given as a public key, then reading it fails', () => {
    const jwk = generateSessionKeys().SESSION_SIGNING_KEY;

    expect(() => parseSessionPublicKeys(`{"keys":[${jwk}]}`)).toThrow('is a private key');
  });

  it('when a key is not on P-256, then reading it fails', () => {
    const { privateKey } = generateKeyPairSync('ed25519');

    expect(() =>
      parseSessionSigningKey(JSON.stringify(privateKey.export({ format: 'jwk' }))),
    ).toThrow('not an EC P-256 key');
  });

  it('when a signing key is read, then its id is the thumbprint of its public key', () => {
    const { signingKey, publicKeys } = keyPair();

    expect([...publicKeys.keys()]).toEqual([signingKey.kid]);
    expect(sessionKeyId(publicKeys.get(signingKey.kid)!)).toBe(signingKey.kid);
  });
});

describe('the session verifier', () => {
  const { signingKey, publicKeys } = keyPair();
  const revoked = new Map<string, number>();
  const verifier = new SessionVerifier(publicKeys, {
    revokedBefore: (userId) => Promise.resolve(revoked.get(userId)),
  });

  it("when the user's sessions were revoked after the token was issued, then it carries no session; one issued after carries one", async () => {
    const issued = Date.now();
    const before = signSessionToken(user, { signingKey, ttlSeconds: 60 }, issued);
    const after = signSessionToken(user, { signingKey, ttlSeconds: 60 }, issued + 2);
    revoked.set(user.id, issued + 1);

    expect(await verifier.verify(before)).toEqual({ error: 'session revoked' });
    expect(await verifier.verify(after)).toMatchObject({ user });
  });
});
