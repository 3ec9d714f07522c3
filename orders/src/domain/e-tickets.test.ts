import { randomBytes } from 'node:crypto';
import { newETicketKey, newId } from '../test/orders-test-service';
import { ETicketCodes, parseETicketKey, parseETicketKeys } from './e-tickets';

const key = () => parseETicketKey(newETicketKey());
const claim = () => ({ orderId: newId(), ticketId: newId() });

/** The code with one character of its signed part replaced by another. */
function altered(code: string, at: number): string {
  const chars = [...code];
  chars[at] = chars[at] === 'A' ? 'B' : 'A';
  return chars.join('');
}

describe('e-ticket codes', () => {
  it('when a code is signed, then reading it answers its order and ticket', () => {
    const codes = new ETicketCodes(key());
    const signed = claim();

    expect(codes.read(codes.sign(signed))).toEqual(signed);
  });

  it('when a code is signed, then it is short enough for a small QR code (at most 60 characters of base64url)', () => {
    const code = new ETicketCodes(key()).sign(claim());

    expect(code).toMatch(/^ET1\.[A-Za-z0-9_-]{54}$/);
  });

  it('when any character of a code is changed, then it does not verify', () => {
    const codes = new ETicketCodes(key());
    const code = codes.sign(claim());

    for (let at = 0; at < code.length; at++) expect(codes.read(altered(code, at))).toBeUndefined();
  });

  it('when a code was signed with another key, then it does not verify', () => {
    const forged = new ETicketCodes(key()).sign(claim());

    expect(new ETicketCodes(key()).read(forged)).toBeUndefined();
  });

  it('when the signing key was rotated, then codes of the former key verify while it is listed as previous, and no longer after', () => {
    const former = key();
    const code = new ETicketCodes(former).sign(claim());
    const current = key();

    expect(new ETicketCodes(current, [former]).read(code)).toBeDefined();
    expect(new ETicketCodes(current).read(code)).toBeUndefined();
  });

  it('when a code is garbled (empty, no prefix, cut short, padded, a line break added), then it does not verify', () => {
    const codes = new ETicketCodes(key());
    const code = codes.sign(claim());

    for (const garbled of ['', code.slice(4), code.slice(0, -1), `${code}==`, `${code}\n`]) {
      expect(codes.read(garbled)).toBeUndefined();
    }
  });

  it('when a key is not base64 or shorter than 32 bytes, then it is refused', () => {
    expect(() => parseETicketKey('not base64!')).toThrow('must be base64');
    expect(() => parseETicketKey(randomBytes(16).toString('base64'))).toThrow(
      'must be at least 32 bytes',
    );
  });

  it('when keys are listed with commas, then each is read, and blanks between them ignored', () => {
    const [a, b] = [newETicketKey(), newETicketKey()];

    expect(parseETicketKeys(` ${a}, ,${b} `)).toEqual([parseETicketKey(a), parseETicketKey(b)]);
  });
});
