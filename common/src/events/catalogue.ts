import { z } from 'zod';

export const Subjects = {
  TicketCreated: 'ticket.created',
  TicketUpdated: 'ticket.updated',
  OrderCreated: 'order.created',
  OrderCancelled: 'order.cancelled',
  OrderCompleted: 'order.completed',
  ExpirationComplete: 'expiration.complete',
  PaymentCreated: 'payment.created',
  UserSessionsRevoked: 'user.sessions-revoked',
} as const;

export type Subject = (typeof Subjects)[keyof typeof Subjects];

export const OrderStatus = {
  /** Reserved, waiting for payment until `expiresAt`. */
  Created: 'created',
  /** Cancelled by the buyer or expired: the ticket is free again. Final. */
  Cancelled: 'cancelled',
  /** A payment is under way (e.g. 3-D Secure); the reservation holds. */
  AwaitingPayment: 'awaiting:payment',
  /** Paid. Final. */
  Complete: 'complete',
} as const;

export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** What a ticket is for; the API accepts these, events carry any string (a newer producer may add one). */
export const TicketCategories = [
  'concert',
  'sports',
  'theatre',
  'comedy',
  'festival',
  'other',
] as const;
export type TicketCategory = (typeof TicketCategories)[number];

export const TicketStatus = {
  OnSale: 'on-sale',
  /** An open order holds it; it is back on sale if that order is cancelled or expires. */
  Reserved: 'reserved',
  /** Its order is complete. Final. */
  Sold: 'sold',
} as const;
export type TicketStatus = (typeof TicketStatus)[keyof typeof TicketStatus];

const id = z.string().min(1);
const version = z.number().int().min(0);
const price = z.number().positive();

/**
 * A ticket's state in its events. The event details and `status` were added after the first
 * release, so they are optional: a consumer reads events of a producer that predates them (status
 * then follows from `orderId`), and a consumer of that older release ignores them (zod objects
 * drop unknown keys).
 */
const ticketData = z.object({
  id,
  version,
  title: z.string(),
  price,
  userId: id,
  orderId: id.optional(),
  status: z.enum(TicketStatus).optional(),
  /** When the ticket's order completed. */
  soldAt: z.iso.datetime().optional(),
  /** When the seller listed it. */
  listedAt: z.iso.datetime().optional(),
  eventAt: z.iso.datetime().optional(),
  venue: z.string().optional(),
  city: z.string().optional(),
  category: z.string().optional(),
  section: z.string().optional(),
  row: z.string().optional(),
  seat: z.string().optional(),
  description: z.string().optional(),
});

const orderRef = z.object({ id, version, ticket: z.object({ id }) });

/** Why an order was cancelled: not paid in time, or given up by its buyer. */
export const OrderCancelReasons = ['expired', 'cancelled-by-buyer'] as const;
export type OrderCancelReason = (typeof OrderCancelReasons)[number];

/**
 * `reason` was added after the first release, so it is optional: a consumer reads the events of an
 * older producer, and a consumer of that older release ignores it. Any string: a newer producer may
 * add a reason.
 */
const orderCancelled = orderRef.extend({ reason: z.string().min(1).optional() });

/**
 * What the buyer's receipt shows. Added after the first release (optional, like `reason` above):
 * when the charge succeeded, the amount in the currency's minor unit (cents), and the card when the
 * provider reports it.
 */
const paymentCreated = z.object({
  id,
  orderId: id,
  stripeId: z.string().min(1),
  paidAt: z.iso.datetime().optional(),
  amount: z.number().int().positive().optional(),
  currency: z.string().length(3).optional(),
  cardBrand: z.string().min(1).optional(),
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});

/**
 * Every event the platform publishes: its subject and the schema of its payload. Payload types
 * are inferred from these schemas, and listeners validate what they receive against them, so a
 * malformed message is recognised as poison instead of failing somewhere inside a handler.
 */
export const eventSchemas = {
  [Subjects.TicketCreated]: ticketData,
  [Subjects.TicketUpdated]: ticketData,
  [Subjects.OrderCreated]: z.object({
    id,
    version,
    status: z.enum(Object.values(OrderStatus) as [OrderStatus, ...OrderStatus[]]),
    userId: id,
    expiresAt: z.iso.datetime(),
    ticket: z.object({ id, price }),
  }),
  [Subjects.OrderCancelled]: orderCancelled,
  [Subjects.OrderCompleted]: orderRef,
  [Subjects.ExpirationComplete]: z.object({ orderId: id }),
  [Subjects.PaymentCreated]: paymentCreated,
  /** Every session of the user issued before `revokedBefore` is no session any more. */
  [Subjects.UserSessionsRevoked]: z.object({ userId: id, revokedBefore: z.iso.datetime() }),
} satisfies Record<Subject, z.ZodType>;

export type EventData<S extends Subject> = z.infer<(typeof eventSchemas)[S]>;

export type TicketCreatedData = EventData<typeof Subjects.TicketCreated>;
export type TicketUpdatedData = EventData<typeof Subjects.TicketUpdated>;
export type OrderCreatedData = EventData<typeof Subjects.OrderCreated>;
export type OrderCancelledData = EventData<typeof Subjects.OrderCancelled>;
export type OrderCompletedData = EventData<typeof Subjects.OrderCompleted>;
export type ExpirationCompleteData = EventData<typeof Subjects.ExpirationComplete>;
export type PaymentCreatedData = EventData<typeof Subjects.PaymentCreated>;
export type UserSessionsRevokedData = EventData<typeof Subjects.UserSessionsRevoked>;

export const allSubjects: Subject[] = Object.values(Subjects);

/** Where a message goes when it can never be handled; kept in the stream for an operator. */
export const deadLetterSubject = (subject: string) => `deadletter.${subject}`;
