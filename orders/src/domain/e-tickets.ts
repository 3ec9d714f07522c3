import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * E-ticket codes: `ET1.` and, in base64url, the order's id (12 bytes), the ticket's id (12 bytes)
 * and an HMAC-SHA256 of both under a key only the orders service has, cut to 16 bytes. 58
 * characters, so the QR code stays small (version 4) and scans from a phone's screen; a JWS of the
 * same claims would be about 150. Nobody without the key can make a code that verifies, nor move a
 * code to another order or ticket.
 */
const PREFIX = 'ET1.';
const ID_BYTES = 12;
const MAC_BYTES = 16;
/** Binds the MAC to this use of the key and this format's version. */
const CONTEXT = Buffer.from('ticketing e-ticket v1\n');
const MIN_KEY_BYTES = 32;

export interface ETicketClaim {
  orderId: string;
  ticketId: string;
}

/** A key as configured: base64 (or base64url) of at least 32 random bytes. */
export function parseETicketKey(value: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) throw new Error('must be base64');
  const key = Buffer.from(value, 'base64');
  if (key.length < MIN_KEY_BYTES) throw new Error(`must be at least ${MIN_KEY_BYTES} bytes`);
  return key;
}

/** Comma-separated keys, e.g. the former keys during a rotation. */
export const parseETicketKeys = (value: string): Buffer[] =>
  value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '')
    .map(parseETicketKey);

const isObjectIdHex = (id: string) => /^[0-9a-f]{24}$/.test(id);

export class ETicketCodes {
  private readonly verifyingKeys: Buffer[];

  /** Signs with `signingKey`; verifies codes signed with it or any of `previousKeys`. */
  constructor(
    private readonly signingKey: Buffer,
    previousKeys: Buffer[] = [],
  ) {
    this.verifyingKeys = [signingKey, ...previousKeys];
  }

  sign({ orderId, ticketId }: ETicketClaim): string {
    if (!isObjectIdHex(orderId) || !isObjectIdHex(ticketId)) {
      throw new Error('e-ticket ids must be ObjectIds');
    }
    const claim = Buffer.concat([Buffer.from(orderId, 'hex'), Buffer.from(ticketId, 'hex')]);
    return PREFIX + Buffer.concat([claim, mac(this.signingKey, claim)]).toString('base64url');
  }

  /** The order and ticket a code was signed for; undefined for anything forged, altered or garbled. */
  read(code: string): ETicketClaim | undefined {
    if (!code.startsWith(PREFIX)) return undefined;
    const encoded = code.slice(PREFIX.length);
    const bytes = Buffer.from(encoded, 'base64url');
    // Only the canonical encoding: no padding, whitespace or other spellings of the same bytes.
    if (bytes.length !== 2 * ID_BYTES + MAC_BYTES || bytes.toString('base64url') !== encoded) {
      return undefined;
    }
    const claim = bytes.subarray(0, 2 * ID_BYTES);
    const given = bytes.subarray(2 * ID_BYTES);
    if (!this.verifyingKeys.some((key) => timingSafeEqual(mac(key, claim), given))) {
      return undefined;
    }
    return {
      orderId: claim.subarray(0, ID_BYTES).toString('hex'),
      ticketId: claim.subarray(ID_BYTES).toString('hex'),
    };
  }
}

const mac = (key: Buffer, claim: Buffer) =>
  createHmac('sha256', key).update(CONTEXT).update(claim).digest().subarray(0, MAC_BYTES);
