// The HTTP contract: what the services answer, as zod schemas the services' tests check every answer
// against and the site takes its types from. Strict: a field a service starts to send (a password
// hash, an internal id) fails its tests until the contract names it.
// Imports nothing but zod and the event catalogue's constants, so a browser bundle can use it
// (`@ticketing/common/api`).
import { z } from 'zod';
import { OrderStatus as orderStatuses } from '../events/catalogue';

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

/** A ticket: POST /api/tickets (201), GET and PUT /api/tickets/:id. */
export const ticketView = z.strictObject({
  id,
  title: z.string().min(1),
  price: z.number().positive(),
  userId: id,
  version,
  /** Set while an order holds the ticket (reserved, or sold). */
  orderId: id.optional(),
});
export type Ticket = z.infer<typeof ticketView>;

/** GET /api/tickets: a page of tickets on sale, newest first (the next page's cursor in `X-Next-Cursor`). */
export const ticketList = z.array(ticketView);

export const orderStatus = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatus>;

/** An order: POST /api/orders (201), GET /api/orders/:id. */
export const orderView = z.strictObject({
  id,
  status: orderStatus,
  expiresAt: z.iso.datetime(),
  userId: id,
  version,
  /** The ticket as it was when ordered: what the buyer agreed to pay. */
  ticket: z.strictObject({ id, title: z.string().min(1), price: z.number().positive() }),
});
export type Order = z.infer<typeof orderView>;

/** GET /api/orders: the signed-in user's orders, newest first. */
export const orderList = z.array(orderView);

/** POST /api/payments: 201 when the charge succeeded. */
export const paymentCreatedResponse = z.strictObject({ id });

/** POST /api/payments: 202 when the card needs the buyer (3-D Secure) before it can be charged. */
export const paymentActionRequiredResponse = z.strictObject({ clientSecret: z.string().min(1) });
