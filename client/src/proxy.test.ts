/** @jest-environment node */
import { NextRequest } from 'next/server';
import { proxy } from './proxy';

function nonceOf(policy: string | null): string | undefined {
  return /'nonce-([^']+)'/.exec(policy ?? '')?.[1];
}

describe('proxy', () => {
  it('when a page is requested, then the response carries a policy with a nonce of its own', () => {
    const first = proxy(new NextRequest('http://localhost/orders'));
    const second = proxy(new NextRequest('http://localhost/orders'));

    const policy = first.headers.get('content-security-policy');
    expect(nonceOf(policy)).toBeDefined();
    expect(nonceOf(second.headers.get('content-security-policy'))).not.toBe(nonceOf(policy));
  });
});
