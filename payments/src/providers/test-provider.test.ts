import { InvalidPaymentTokenError } from '../domain/payment-provider';
import { TestPaymentProvider } from './test-provider';

const charge = (token: string, orderId = `order-${Math.random()}`) => ({
  orderId,
  amount: 1999,
  token,
});

describe('the test payment provider', () => {
  const provider = new TestPaymentProvider();

  it.each([
    ['tok_visa', 'visa', '4242'],
    ['pm_card_visa', 'visa', '4242'],
    ['tok_mastercard', 'mastercard', '4444'],
    ['pm_card_mastercard', 'mastercard', '4444'],
  ])(
    "when charged with Stripe's succeeding test card %s, then the charge succeeds on that card (%s %s)",
    async (token, brand, last4) => {
      const outcome = await provider.charge(charge(token));

      expect(outcome).toEqual({
        status: 'succeeded',
        id: expect.stringMatching(/^pi_test\w+$/),
        card: { brand, last4 },
      });
      expect(await provider.cardOf((outcome as { id: string }).id)).toEqual({ brand, last4 });
    },
  );

  it('when a payment that needed the buyer is looked up, then its card is known; an unknown payment has none', async () => {
    const outcome = await provider.charge(charge('pm_card_authenticationRequired'));

    expect(await provider.cardOf((outcome as { id: string }).id)).toEqual({
      brand: 'visa',
      last4: '3155',
    });
    expect(await provider.cardOf('pi_unknown')).toBeUndefined();
  });

  it.each(['tok_chargeDeclined', 'pm_card_chargeDeclined'])(
    'when charged with the declining test card %s, then it is declined like Stripe declines it',
    async (token) => {
      expect(await provider.charge(charge(token))).toEqual({
        status: 'declined',
        message: 'Your card was declined.',
      });
    },
  );

  it('when charged with pm_card_authenticationRequired, then it needs customer action', async () => {
    const outcome = await provider.charge(charge('pm_card_authenticationRequired'));

    expect(outcome).toEqual({
      status: 'requires_action',
      id: expect.stringMatching(/^pi_test\w+$/),
      clientSecret: expect.stringMatching(/^pi_test\w+_secret_\w+$/),
    });
  });

  it('when the same order and token are charged again, then the first answer is replayed', async () => {
    const request = charge('tok_visa');

    const [first, second] = await Promise.all([provider.charge(request), provider.charge(request)]);

    expect(second).toEqual(first);
    expect(await provider.charge({ ...request, token: 'pm_card_visa' })).not.toEqual(first);
  });

  it('when the token is not a test card, then it is refused as a bad token', async () => {
    await expect(provider.charge(charge('tok_live_looking'))).rejects.toThrow(
      InvalidPaymentTokenError,
    );
  });

  it('when a payment is refunded twice, then it is listed as refunded with one refund id', async () => {
    const first = await provider.refund('pi_test_refund_me');
    const again = await provider.refund('pi_test_refund_me');

    expect(provider.refunded.has('pi_test_refund_me')).toBe(true);
    expect(first).toMatch(/^re_test/);
    expect(again).toBe(first);
  });
});
