// The HTTP contract: what the services answer, as zod schemas the services' tests check every answer
// against and the site takes its types from. Strict: a field a service starts to send (a password
// hash, an internal id) fails its tests until the contract names it.
// Imports nothing but zod and the event catalogue's constants, so a browser bundle can use it
// (`@ticketing/common/api`).
import { z } from 'zod';
import {
  OrderCancelReasons,
  OrderStatus as orderStatuses,
  TicketCategories,
  TicketStatus as ticketStatuses,
} from '../events/catalogue';

export { TicketCategories, type TicketCategory } from '../events/catalogue';

const id = z.string().min(1);
const version = z.number().int().min(0);

/** The standard error body of every 4xx and 5xx answer. */
export const apiErrorBody = z.strictObject({
  errors: z
    .array(z.strictObject({ message: z.string().min(1), field: z.string().optional() }))
    .min(1),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;
export type ApiErrorItem = ApiErrorBody['errors'][number];

/** POST /api/users/signup (201) and /signin (200). */
export const userView = z.strictObject({ id, email: z.email() });
export type CurrentUser = z.infer<typeof userView>;

/** GET /api/users/currentuser. */
export const currentUserResponse = z.strictObject({ currentUser: userView.nullable() });

export const ticketStatus = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof ticketStatus>;
export const ticketCategory = z.enum(TicketCategories);

/**
 * The bounds of a ticket's fields: the tickets service validates with them and the site's forms
 * check (and show) the same ones before sending. Prices are what a card payment can charge, in US
 * dollars: Stripe refuses charges under $0.50 and over $999,999.99.
 */
export const ticketLimits = {
  titleMaxLength: 120,
  venueMaxLength: 120,
  cityMaxLength: 80,
  seatPartMaxLength: 20,
  descriptionMaxLength: 2000,
  minPrice: 0.5,
  maxPrice: 999_999.99,
} as const;

/**
 * What a ticket is for. Optional in the API (a client that sends only title and price keeps
 * working); the site's sell form requires date, venue, city and category.
 */
const ticketDetails = {
  /** When the event starts (ISO date-time, UTC). */
  eventAt: z.iso.datetime().optional(),
  venue: z.string().min(1).max(ticketLimits.venueMaxLength).optional(),
  city: z.string().min(1).max(ticketLimits.cityMaxLength).optional(),
  category: ticketCategory.optional(),
  section: z.string().min(1).max(ticketLimits.seatPartMaxLength).optional(),
  row: z.string().min(1).max(ticketLimits.seatPartMaxLength).optional(),
  seat: z.string().min(1).max(ticketLimits.seatPartMaxLength).optional(),
  description: z.string().min(1).max(ticketLimits.descriptionMaxLength).optional(),
};

export type TicketDetailName = keyof typeof ticketDetails;

/**
 * The names of a ticket's details, in the contract's order: what the tickets service reads, stores
 * and clears, and what the site's sell and edit forms hold besides title and price. Read from the
 * contract's shape, so a detail added there is added here.
 */
export const ticketDetailNames: readonly TicketDetailName[] = z
  .strictObject(ticketDetails)
  .keyof().options;

/** A ticket: POST /api/tickets (201), GET and PUT /api/tickets/:id. */
export const ticketView = z.strictObject({
  id,
  title: z.string().min(1),
  price: z.number().positive(),
  userId: id,
  version,
  /** Set while an order holds the ticket (reserved, or sold). */
  orderId: id.optional(),
  status: ticketStatus.optional(),
  /** When its order completed. */
  soldAt: z.iso.datetime().optional(),
  listedAt: z.iso.datetime().optional(),
  /**
   * While reserved: when the reservation runs out unless its buyer pays, so anyone may learn when the
   * ticket could be back on sale. Only the time: nothing about the buyer.
   */
  reservedUntil: z.iso.datetime().optional(),
  ...ticketDetails,
});
export type Ticket = z.infer<typeof ticketView>;

/** GET /api/catalog: one ticket in the results. */
export const catalogItem = z.strictObject({
  id,
  title: z.string().min(1),
  price: z.number().positive(),
  status: ticketStatus,
  ...ticketDetails,
});
export type CatalogItem = z.infer<typeof catalogItem>;

const facetCounts = z.array(z.strictObject({ value: z.string(), count: z.number().int().min(1) }));

/** GET /api/catalog: a page of search results, with facet counts under the other filters. */
export const catalogPage = z.strictObject({
  items: z.array(catalogItem),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(100),
  facets: z.strictObject({ city: facetCounts, category: facetCounts }),
});
export type CatalogPage = z.infer<typeof catalogPage>;

export const catalogSorts = ['soonest', 'price-asc', 'price-desc', 'newest'] as const;
export type CatalogSort = (typeof catalogSorts)[number];

/** GET /api/tickets: a page of tickets on sale, newest first (the next page's cursor in `X-Next-Cursor`). */
export const ticketList = z.array(ticketView);

export const orderStatus = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatus>;

/** Why an order was cancelled: not paid in time, or given up by the buyer. */
export const orderCancelReason = z.enum(OrderCancelReasons);
export type OrderCancelReason = z.infer<typeof orderCancelReason>;

/** What a completed order's buyer keeps as proof of payment. */
export const receiptView = z.strictObject({
  paidAt: z.iso.datetime(),
  amount: z.number().positive(),
  currency: z.string().length(3),
  /** The payment provider's reference (Stripe's PaymentIntent id). */
  paymentReference: z.string().min(1),
  cardBrand: z.string().min(1).optional(),
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});
export type Receipt = z.infer<typeof receiptView>;

/** An order: POST /api/orders (201), GET /api/orders/:id. */
export const orderView = z.strictObject({
  id,
  status: orderStatus,
  expiresAt: z.iso.datetime(),
  userId: id,
  version,
  /** The ticket as it was when ordered: what the buyer agreed to pay. */
  ticket: z.strictObject({ id, title: z.string().min(1), price: z.number().positive() }),
  /** When the order was placed. */
  createdAt: z.iso.datetime().optional(),
  /** Set once the order is cancelled. */
  cancelReason: orderCancelReason.optional(),
  /** Set once the order is complete and the payment is known to the orders service. */
  receipt: receiptView.optional(),
  /** The signed e-ticket code (shown as a QR code) of a complete order, for its buyer only. */
  eTicketCode: z.string().min(1).optional(),
});
export type Order = z.infer<typeof orderView>;

/** GET /api/orders: the signed-in user's orders, newest first. */
export const orderList = z.array(orderView);

/** POST /api/payments: 201 when the charge succeeded. */
export const paymentCreatedResponse = z.strictObject({ id });

/** POST /api/payments: 202 when the card needs the buyer (3-D Secure) before it can be charged. */
export const paymentActionRequiredResponse = z.strictObject({ clientSecret: z.string().min(1) });

/** POST /api/orders/verify-ticket: what the seller (or an admin) scanning an e-ticket learns. */
export const verifyTicketResponse = z.strictObject({
  /** `valid`: first scan, now marked used; `already-used`: scanned before, at `firstUsedAt`. */
  result: z.enum(['valid', 'already-used']),
  orderId: id,
  ticketId: id,
  ticketTitle: z.string().min(1),
  firstUsedAt: z.iso.datetime(),
});
export type VerifyTicketResponse = z.infer<typeof verifyTicketResponse>;
