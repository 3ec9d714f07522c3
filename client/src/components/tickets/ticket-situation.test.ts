import type { Order, Ticket } from '@ticketing/common/api';
import { statusOf, ticketSituation } from './ticket-situation';

const seller = { id: 'seller', email: 'seller@example.com' };
const buyer = { id: 'buyer', email: 'buyer@example.com' };
const someoneElse = { id: 'other', email: 'other@example.com' };

const ticket = (fields: Partial<Ticket> = {}): Ticket => ({
  id: 't1',
  title: 'Gig',
  price: 20,
  userId: seller.id,
  version: 0,
  status: 'on-sale',
  ...fields,
});

const order = (status: Order['status']): Order => ({
  id: 'o1',
  status,
  expiresAt: '2026-11-27T10:15:00.000Z',
  userId: buyer.id,
  version: 0,
  ticket: { id: 't1', title: 'Gig', price: 20 },
});

describe('ticketSituation', () => {
  it('when the buyer whose order holds the ticket opens it, then it is reserved by them', () => {
    const mine = order('created');
    expect(ticketSituation(ticket({ status: 'reserved', orderId: 'o1' }), buyer, mine)).toEqual({
      kind: 'reserved-by-you',
      order: mine,
    });
  });

  it('when their payment is under way, then it is still reserved by them', () => {
    const mine = order('awaiting:payment');
    expect(ticketSituation(ticket({ status: 'reserved', orderId: 'o1' }), buyer, mine).kind).toBe(
      'reserved-by-you',
    );
  });

  it('when the buyer paid, then it is bought by them', () => {
    const mine = order('complete');
    expect(ticketSituation(ticket({ status: 'sold', orderId: 'o1' }), buyer, mine)).toEqual({
      kind: 'bought-by-you',
      order: mine,
    });
  });

  it('when anyone else opens a reserved ticket, then it is reserved, not sold, until its reservation runs out', () => {
    const reservedUntil = '2026-11-27T10:15:00.000Z';
    expect(
      ticketSituation(
        ticket({ status: 'reserved', orderId: 'o1', reservedUntil }),
        someoneElse,
        null,
      ),
    ).toEqual({ kind: 'reserved', reservedUntil });
  });

  it('when anyone else opens a sold ticket, then it is sold', () => {
    expect(ticketSituation(ticket({ status: 'sold', orderId: 'o1' }), null, null)).toEqual({
      kind: 'sold',
    });
  });

  it('when the seller opens their sold ticket, then it is their listing, sold on its date', () => {
    const soldAt = '2026-11-27T10:05:00.000Z';
    expect(
      ticketSituation(ticket({ status: 'sold', orderId: 'o1', soldAt }), seller, null),
    ).toEqual({ kind: 'your-listing', status: 'sold', soldAt });
  });

  it('when a ticket is on sale, then it says whether the visitor must sign in first', () => {
    expect(ticketSituation(ticket(), null, null)).toEqual({ kind: 'on-sale', signedIn: false });
    expect(ticketSituation(ticket(), buyer, null)).toEqual({ kind: 'on-sale', signedIn: true });
  });

  it("when the buyer's order was cancelled and the ticket is back on sale, then they can buy it again", () => {
    expect(ticketSituation(ticket(), buyer, order('cancelled'))).toEqual({
      kind: 'on-sale',
      signedIn: true,
    });
  });
});

describe('statusOf', () => {
  it('when the tickets service does not send a status, then an order id means reserved', () => {
    expect(statusOf({ orderId: 'o1' })).toBe('reserved');
    expect(statusOf({})).toBe('on-sale');
  });
});
