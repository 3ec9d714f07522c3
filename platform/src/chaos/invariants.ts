import type { mongo } from 'mongoose';

type Db = mongo.Db;
type Document = mongo.Document;

/** A message of the platform's stream, as the checker reads it (dead letters included). */
export interface StreamMessage {
  seq: number;
  subject: string;
  /** The envelope's id and payload; absent for a message that is not an envelope. */
  eventId?: string;
  data?: Record<string, unknown>;
}

/** What the checker reads: each service's own database, and the event stream. */
export interface PlatformState {
  tickets: Db;
  orders: Db;
  payments: Db;
  catalog: Db;
  /** Every database whose documents may carry an outbox (auth's too). */
  outboxDatabases: Db[];
  messages: StreamMessage[];
}

export interface InvariantResult {
  name: string;
  /** How many things it looked at (orders, tickets, events…). */
  checked: number;
  violations: number;
  /** The first violations, each one line naming what broke. */
  examples: string[];
}

const EXAMPLES_KEPT = 10;
const FINAL_STATUSES = ['complete', 'cancelled'];

class Invariant {
  checked = 0;
  private readonly found: string[] = [];

  constructor(readonly name: string) {}

  check(holds: boolean, violation: () => string): void {
    this.checked++;
    if (!holds) this.found.push(violation());
  }

  /** A violation found while looking at many things at once (the count of those is set apart). */
  fail(violation: string): void {
    this.found.push(violation);
  }

  result(): InvariantResult {
    return {
      name: this.name,
      checked: this.checked,
      violations: this.found.length,
      examples: this.found.slice(0, EXAMPLES_KEPT),
    };
  }
}

const idOf = (doc: Document) => String(doc._id);
const cents = (dollars: number) => Math.round(dollars * 100);

/**
 * The cross-service invariants of a settled platform, read from each service's database (read only)
 * and the event stream. Every result counts what it checked and what broke it.
 */
export async function checkInvariants(state: PlatformState): Promise<InvariantResult[]> {
  const [orders, tickets, ticketCopies, orderCopies, payments, catalogCopies] = await Promise.all([
    state.orders.collection('orders').find().toArray(),
    state.tickets.collection('tickets').find().toArray(),
    state.orders.collection('tickets').find().toArray(),
    state.payments.collection('orders').find().toArray(),
    state.payments.collection('payments').find().toArray(),
    state.catalog
      .collection('catalog_tickets')
      .find({}, { projection: { version: 1 } })
      .toArray(),
  ]);
  const ticketById = new Map(tickets.map((t) => [idOf(t), t]));
  const ticketCopyById = new Map(ticketCopies.map((t) => [idOf(t), t]));
  const orderCopyById = new Map(orderCopies.map((o) => [idOf(o), o]));
  const catalogCopyById = new Map(catalogCopies.map((t) => [idOf(t), t]));
  const succeededPayments = new Map<string, Document[]>();
  for (const payment of payments) {
    if (payment.status !== 'succeeded') continue;
    const orderId = String(payment.orderId);
    succeededPayments.set(orderId, [...(succeededPayments.get(orderId) ?? []), payment]);
  }
  const holderOfTicket = new Map<string, string[]>();
  for (const order of orders) {
    if (typeof order.activeTicketId !== 'string') continue;
    holderOfTicket.set(order.activeTicketId, [
      ...(holderOfTicket.get(order.activeTicketId) ?? []),
      idOf(order),
    ]);
  }

  const settled = new Invariant('every order ends complete or cancelled');
  const paid = new Invariant(
    'a complete order has exactly one succeeded payment of its price and its ticket is sold to it',
  );
  const released = new Invariant('a cancelled order has no unrefunded payment and holds no ticket');
  for (const order of orders) {
    const id = idOf(order);
    const status = String(order.status);
    settled.check(FINAL_STATUSES.includes(status), () => `order ${id} is ${status}`);
    const charged = succeededPayments.get(id) ?? [];
    const ticket = ticketById.get(String(order.ticket?.id));
    if (status === 'complete') {
      const price = cents(Number(order.ticket?.price));
      paid.check(
        charged.length === 1 && charged[0]!.amount === price && ticket?.orderId === id,
        () =>
          `order ${id}: ${charged.length} succeeded payments (${charged.map((p) => p.amount).join(', ')} cents` +
          ` for a price of ${price}); its ticket is held by ${ticket?.orderId ?? 'nobody'}`,
      );
    } else if (status === 'cancelled') {
      released.check(
        charged.length === 0 && ticket?.orderId !== id && order.activeTicketId === undefined,
        () =>
          `order ${id}: ${charged.length} unrefunded payments; its ticket is held by ` +
          `${ticket?.orderId ?? 'nobody'}; it holds ${order.activeTicketId ?? 'no ticket'}`,
      );
    }
  }

  const reservations = new Invariant(
    "every ticket's reservation matches the orders service's view",
  );
  for (const ticket of tickets) {
    const id = idOf(ticket);
    const holders = holderOfTicket.get(id) ?? [];
    const heldBy = typeof ticket.orderId === 'string' ? ticket.orderId : undefined;
    reservations.check(
      heldBy === undefined ? holders.length === 0 : holders.length === 1 && holders[0] === heldBy,
      () =>
        `ticket ${id} is held by ${heldBy ?? 'nobody'} in tickets, by ${holders.join(', ') || 'nobody'} in orders`,
    );
  }

  const copies = new Invariant(
    "every replicated copy (orders' tickets, payments' orders, the catalog's tickets) is at its source's version",
  );
  for (const ticket of tickets) {
    const copy = ticketCopyById.get(idOf(ticket));
    copies.check(
      copy?.version === ticket.version,
      () =>
        `orders' copy of ticket ${idOf(ticket)} is at v${copy?.version ?? '(none)'}, the ticket at v${ticket.version}`,
    );
    const listed = catalogCopyById.get(idOf(ticket));
    copies.check(
      listed?.version === ticket.version,
      () =>
        `the catalog's copy of ticket ${idOf(ticket)} is at v${listed?.version ?? '(none)'}, the ticket at v${ticket.version}`,
    );
  }
  for (const order of orders) {
    const copy = orderCopyById.get(idOf(order));
    copies.check(
      copy?.version === order.version && copy?.status === order.status,
      () =>
        `payments' copy of order ${idOf(order)} is at v${copy?.version ?? '(none)'} (${copy?.status ?? '-'}),` +
        ` the order at v${order.version} (${order.status})`,
    );
  }

  return [
    settled.result(),
    paid.result(),
    released.result(),
    reservations.result(),
    copies.result(),
    await outboxesEmpty(state.outboxDatabases),
    deadLettersEmpty(state.messages),
    noEventAppliedTwice(state.messages),
  ];
}

async function outboxesEmpty(databases: Db[]): Promise<InvariantResult> {
  // Counts the collections looked at; each document with pending events is a violation.
  const invariant = new Invariant('no outbox holds events after settling');
  for (const db of databases) {
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      const pending = await db
        .collection(name)
        .find({ 'outbox.0': { $exists: true } }, { projection: { _id: 1, outbox: 1 } })
        .toArray();
      invariant.checked++;
      for (const doc of pending) {
        invariant.fail(`${db.databaseName}.${name} ${idOf(doc)} holds ${doc.outbox.length} events`);
      }
    }
  }
  return invariant.result();
}

function deadLettersEmpty(messages: StreamMessage[]): InvariantResult {
  // Nothing injects poison messages, so no dead letter is explained: each is a violation.
  const invariant = new Invariant('the dead-letter subject is empty');
  invariant.checked = messages.length;
  for (const message of messages) {
    if (message.subject.startsWith('deadletter.')) {
      invariant.fail(
        `dead letter ${message.seq}: ${message.subject} (event ${message.eventId ?? 'unreadable'})`,
      );
    }
  }
  return invariant.result();
}

/**
 * An event applied twice shows as a second effect: a second cancel or completion of one order, a
 * second payment recorded for it, or one order reserving its ticket twice (each reservation is a
 * ticket.updated that moves the ticket to that order).
 */
function noEventAppliedTwice(messages: StreamMessage[]): InvariantResult {
  const invariant = new Invariant('no event applied twice');
  const effects = new Map<string, Set<string>>();
  const ticketVersions = new Map<string, Map<number, { orderId?: string; eventId: string }>>();
  const note = (key: string, eventId: string) =>
    effects.set(key, (effects.get(key) ?? new Set()).add(eventId));
  for (const { subject, eventId, data } of messages) {
    if (eventId === undefined || data === undefined || subject.startsWith('deadletter.')) continue;
    switch (subject) {
      case 'order.cancelled':
      case 'order.completed':
        note(`order ${String(data.id)} became final`, eventId);
        break;
      case 'payment.created':
        note(`order ${String(data.orderId)} recorded a payment`, eventId);
        break;
      case 'ticket.created':
      case 'ticket.updated': {
        const versions = ticketVersions.get(String(data.id)) ?? new Map();
        ticketVersions.set(String(data.id), versions);
        const version = Number(data.version);
        const earlier = versions.get(version);
        if (earlier !== undefined && earlier.eventId !== eventId) {
          note(`ticket ${String(data.id)} v${version} written`, earlier.eventId);
          note(`ticket ${String(data.id)} v${version} written`, eventId);
        }
        versions.set(version, {
          eventId,
          ...(typeof data.orderId === 'string' && { orderId: data.orderId }),
        });
        break;
      }
    }
  }
  for (const [ticketId, versions] of ticketVersions) {
    let holder: string | undefined;
    for (const version of [...versions.keys()].sort((a, b) => a - b)) {
      const { orderId, eventId } = versions.get(version)!;
      if (orderId !== undefined && orderId !== holder)
        note(`order ${orderId} reserved ticket ${ticketId}`, eventId);
      holder = orderId;
    }
  }
  for (const [effect, eventIds] of effects) {
    invariant.check(eventIds.size === 1, () => `${effect} ${eventIds.size} times`);
  }
  return invariant.result();
}
