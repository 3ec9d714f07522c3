import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/**
 * Session tokens are signed with ECDSA P-256 (ES256): auth alone holds the private key; every other
 * service holds only public keys, so none of them can mint a session.
 */
export const SESSION_TOKEN_ALGORITHM = 'ES256';

/** The public keys a service accepts session tokens from, by key id (`kid`). */
export type SessionPublicKeys = ReadonlyMap<string, KeyObject>;

export interface SessionSigningKey {
  kid: string;
  privateKey: KeyObject;
}

/**
 * A key's id: its RFC 7638 JWK thumbprint, derived from the key itself, so an id can never be set
 * to name the wrong key.
 */
export function sessionKeyId(publicKey: KeyObject): string {
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
}

function p256(jwk: unknown, what: string): JsonWebKey {
  if (typeof jwk !== 'object' || jwk === null) throw new Error(`${what} is not a JSON Web Key`);
  const key = jwk as JsonWebKey;
  if (key.kty !== 'EC' || key.crv !== 'P-256') throw new Error(`${what} is not an EC P-256 key`);
  return key;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON`);
  }
}

/** Reads a JWK Set (`{"keys":[…]}`) of P-256 public keys. */
export function parseSessionPublicKeys(jwks: string): SessionPublicKeys {
  const set = parseJson(jwks, 'the key set') as { keys?: unknown };
  if (!Array.isArray(set?.keys) || set.keys.length === 0) {
    throw new Error('expected a JWK Set {"keys":[…]} with at least one key');
  }
  const keys = new Map<string, KeyObject>();
  set.keys.forEach((jwk, index) => {
    const key = p256(jwk, `key ${index}`);
    if (key.d !== undefined) throw new Error(`key ${index} is a private key; give its public part`);
    const publicKey = createPublicKey({ key, format: 'jwk' });
    keys.set(sessionKeyId(publicKey), publicKey);
  });
  return keys;
}

/** Reads auth's signing key: a P-256 private JWK. */
export function parseSessionSigningKey(jwk: string): SessionSigningKey {
  const key = p256(parseJson(jwk, 'the signing key'), 'the signing key');
  if (key.d === undefined) throw new Error('the signing key has no private part ("d")');
  const privateKey = createPrivateKey({ key, format: 'jwk' });
  return { kid: sessionKeyId(createPublicKey(privateKey)), privateKey };
}

/** A JWK Set holding the public part of each of `keys`. */
export function publicKeySet(...keys: KeyObject[]): string {
  return JSON.stringify({
    keys: keys.map((key) => {
      const { kty, crv, x, y } = createPublicKey(key).export({ format: 'jwk' });
      return { kty, crv, x, y, kid: sessionKeyId(createPublicKey(key)), use: 'sig', alg: 'ES256' };
    }),
  });
}

/** A new key pair as the environment takes it: auth's signing key and the key set to verify with. */
export function generateSessionKeys(): {
  SESSION_SIGNING_KEY: string;
  SESSION_PUBLIC_KEYS: string;
} {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    SESSION_SIGNING_KEY: JSON.stringify(privateKey.export({ format: 'jwk' })),
    SESSION_PUBLIC_KEYS: publicKeySet(privateKey),
  };
}
