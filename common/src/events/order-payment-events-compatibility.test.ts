import { z } from 'zod';
import { Subjects, type Subject } from './catalogue';
import { createEnvelope, decodeEnvelope, encodeEnvelope } from './envelope';

/**
 * order.cancelled and payment.created as the first release (common 0.3.0) declared them, which
 * consumers still running that release validate with: written out here, since the catalogue itself
 * has moved on (cancel reasons, receipts).
 */
const id = z.string().min(1);
const firstRelease = {
  [Subjects.OrderCancelled]: z.object({
    id,
    version: z.number().int().min(0),
    ticket: z.object({ id }),
  }),
  [Subjects.PaymentCreated]: z.object({ id, orderId: id, stripeId: z.string().min(1) }),
};

const firstReleaseCancelled = {
  id: '6650f1c2a1b2c3d4e5f60718',
  version: 1,
  ticket: { id: '6650f1c2a1b2c3d4e5f60719' },
};
const currentCancelled = { ...firstReleaseCancelled, reason: 'expired' };

const firstReleasePayment = {
  id: '6650f1c2a1b2c3d4e5f60720',
  orderId: '6650f1c2a1b2c3d4e5f60718',
  stripeId: 'pi_3Pq',
};
const currentPayment = {
  ...firstReleasePayment,
  paidAt: '2026-11-27T12:00:00.000Z',
  amount: 1999,
  currency: 'usd',
  cardBrand: 'visa',
  cardLast4: '4242',
};

/** What a consumer of this release receives: the event encoded by its producer, decoded as the listeners do. */
const received = (subject: Subject, data: unknown) =>
  decodeEnvelope(subject, encodeEnvelope(createEnvelope(subject, data as never))).data;

describe('order.cancelled and payment.created evolve without breaking a consumer of either release', () => {
  it('when a consumer of the first release receives them from this release, then it reads what it knows and ignores the reason and the receipt', () => {
    expect(firstRelease[Subjects.OrderCancelled].parse(currentCancelled)).toEqual(
      firstReleaseCancelled,
    );
    expect(firstRelease[Subjects.PaymentCreated].parse(currentPayment)).toEqual(
      firstReleasePayment,
    );
  });

  it('when a consumer of this release receives them from the first release, then it accepts them without reason or receipt', () => {
    expect(received(Subjects.OrderCancelled, firstReleaseCancelled)).toEqual(firstReleaseCancelled);
    expect(received(Subjects.PaymentCreated, firstReleasePayment)).toEqual(firstReleasePayment);
  });

  it('when a consumer of this release receives them from this release, then it reads every field', () => {
    expect(received(Subjects.OrderCancelled, currentCancelled)).toEqual(currentCancelled);
    expect(received(Subjects.PaymentCreated, currentPayment)).toEqual(currentPayment);
  });

  it('when a newer producer sends a cancel reason this release does not know, then the event is still accepted', () => {
    expect(received(Subjects.OrderCancelled, { ...currentCancelled, reason: 'refunded' })).toEqual({
      ...currentCancelled,
      reason: 'refunded',
    });
  });

  it('when a payment.created carries a malformed receipt field, then it is refused as poison', () => {
    for (const malformed of [
      { cardLast4: '42' },
      { amount: 19.99 },
      { currency: 'dollars' },
      { paidAt: 'yesterday' },
    ]) {
      expect(() =>
        received(Subjects.PaymentCreated, { ...currentPayment, ...malformed }),
      ).toThrow();
    }
  });
});
