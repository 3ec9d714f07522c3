import { z } from 'zod';
import { Subjects } from './catalogue';
import { createEnvelope, decodeEnvelope, encodeEnvelope } from './envelope';

/**
 * The ticket payload as the first release (common 0.3.0) declared it, which consumers still running
 * that release validate with: written out here, since the catalogue itself has moved on.
 */
const firstReleaseTicketData = z.object({
  id: z.string().min(1),
  version: z.number().int().min(0),
  title: z.string(),
  price: z.number().positive(),
  userId: z.string().min(1),
  orderId: z.string().min(1).optional(),
});

/** A ticket.updated as the first release's tickets service publishes it: no details, no status. */
const firstReleaseEvent = {
  id: '6650f1c2a1b2c3d4e5f60718',
  version: 3,
  title: 'Concert',
  price: 20,
  userId: 'u1',
  orderId: '6650f1c2a1b2c3d4e5f60719',
};

/** A ticket.updated of this release: event details, status, and when it was listed and sold. */
const currentEvent = {
  ...firstReleaseEvent,
  status: 'sold',
  listedAt: '2026-11-01T10:00:00.000Z',
  soldAt: '2026-11-02T10:00:00.000Z',
  eventAt: '2027-05-01T19:30:00.000Z',
  venue: 'Royal Albert Hall',
  city: 'London',
  category: 'concert',
  section: 'Stalls',
  row: 'K',
  seat: '12',
  description: 'Aisle seat.\nDoors open at 18:30.',
} as const;

/** What a consumer receives: the event encoded by its producer, decoded as the listeners do. */
const received = (data: unknown) =>
  decodeEnvelope(
    Subjects.TicketUpdated,
    encodeEnvelope(createEnvelope(Subjects.TicketUpdated, data as never)),
  ).data;

describe('the ticket events evolve without breaking a consumer of either release', () => {
  it('when a consumer of the first release receives an event of this release, then it reads what it knows and ignores the rest', () => {
    const parsed = firstReleaseTicketData.parse(received(currentEvent));

    expect(parsed).toEqual(firstReleaseEvent);
  });

  it('when a consumer of this release receives an event of the first release, then it accepts it without the new fields', () => {
    const data = received(firstReleaseEvent);

    expect(data).toEqual(firstReleaseEvent);
    expect(data.status).toBeUndefined();
  });

  it('when a consumer of this release receives an event of this release, then it reads every field', () => {
    expect(received(currentEvent)).toEqual(currentEvent);
  });

  it('when a newer producer sends a category this release does not know, then the event is still accepted', () => {
    expect(received({ ...currentEvent, category: 'opera' }).category).toBe('opera');
  });
});
