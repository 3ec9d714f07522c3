import { isPayable, orderStatusLabel } from './order-status';

describe('orderStatusLabel', () => {
  it('when an order ran out of time, then it reads "Expired", not paid in time', () => {
    expect(orderStatusLabel({ status: 'cancelled', cancelReason: 'expired' })).toEqual({
      label: 'Expired',
      tone: 'neutral',
      explanation: 'Not paid in time',
    });
  });

  it('when the buyer cancelled it, then it reads "Cancelled", by the buyer', () => {
    expect(orderStatusLabel({ status: 'cancelled', cancelReason: 'cancelled-by-buyer' })).toEqual({
      label: 'Cancelled',
      tone: 'neutral',
      explanation: 'Cancelled by you',
    });
  });

  it('when a cancelled order has no recorded reason, then it reads "Cancelled" without guessing why', () => {
    expect(orderStatusLabel({ status: 'cancelled' })).toEqual({
      label: 'Cancelled',
      tone: 'neutral',
    });
  });

  it.each([
    ['created', 'Reserved'],
    ['awaiting:payment', 'Payment pending'],
    ['complete', 'Complete'],
  ] as const)('when the order is %p, then it reads %p', (status, label) => {
    expect(orderStatusLabel({ status }).label).toBe(label);
  });
});

describe('isPayable', () => {
  it.each([
    ['created', true],
    ['awaiting:payment', true],
    ['complete', false],
    ['cancelled', false],
  ] as const)('when the order is %p, then payable is %p', (status, payable) => {
    expect(isPayable({ status })).toBe(payable);
  });
});
