import { expectContract } from '../testing/contract';
import { apiErrorBody, orderView, ticketDetailNames, ticketView, userView } from '.';

const ticket = {
  id: '6650f1c2a1b2c3d4e5f60718',
  title: 'Concert',
  price: 20,
  userId: 'u1',
  version: 0,
};

describe('the HTTP contract', () => {
  it('when an answer has a field the contract does not name, then it breaks the contract', () => {
    expect(() => expectContract(ticketView, { ...ticket, outbox: [] })).toThrow(/outbox/);
    expect(() =>
      expectContract(userView, { id: 'u1', email: 'a@b.co', passwordHash: 'x' }),
    ).toThrow(/passwordHash/);
  });

  it('when an answer misses or mistypes a field, then it breaks the contract, naming the field', () => {
    expect(() => expectContract(ticketView, { ...ticket, price: '20' })).toThrow(/price/);
    expect(() =>
      expectContract(orderView, {
        id: 'o1',
        status: 'pending',
        expiresAt: 'tomorrow',
        userId: 'u1',
        version: 0,
        ticket: { id: 't1', title: 'Concert', price: 20 },
      }),
    ).toThrow(/status[\s\S]*expiresAt/);
  });

  it('when a ticket is described, then its details are the ones the contract names, in its order', () => {
    expect(ticketDetailNames).toEqual([
      'eventAt',
      'venue',
      'city',
      'category',
      'section',
      'row',
      'seat',
      'description',
    ]);
    for (const detail of ticketDetailNames) {
      expect(Object.keys(ticketView.shape)).toContain(detail);
    }
  });

  it('when an error body has no message, then it breaks the contract', () => {
    expect(() => expectContract(apiErrorBody, { errors: [] })).toThrow(/errors/);
    expect(expectContract(apiErrorBody, { errors: [{ message: 'Bad', field: 'title' }] })).toEqual({
      errors: [{ message: 'Bad', field: 'title' }],
    });
  });
});
