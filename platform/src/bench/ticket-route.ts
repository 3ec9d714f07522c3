import express, { type Express, type RequestHandler } from 'express';
import mongoose, { Schema } from 'mongoose';

const ticketSchema = new Schema({ title: String, price: Number, userId: String, version: Number });

/**
 * A route that does a real route's work: `GET /tickets/:id` reads one ticket by id from MongoDB and
 * answers it as JSON, as the tickets service's `GET /api/tickets/:id` does, without its session
 * and headers. Observing it costs what observing the trivial route costs; here it is a share of a
 * database read.
 */
export async function ticketRouteApp(
  mongoUri: string,
  ...before: RequestHandler[]
): Promise<Express> {
  const connection = await mongoose.createConnection(mongoUri).asPromise();
  const Tickets = connection.model('Ticket', ticketSchema);
  const app = express();
  if (before.length > 0) app.use(...before);
  app.get('/tickets/:id', async (req, res) => {
    const ticket = await Tickets.findById(req.params.id).lean();
    if (!ticket) res.status(404).json({ errors: [{ message: 'Not found' }] });
    else res.json({ id: String(ticket._id), title: ticket.title, price: ticket.price });
  });
  return app;
}

/** Stores the ticket the route reads, and says where it is read. */
export async function seedTicket(mongoUri: string): Promise<string> {
  const connection = await mongoose.createConnection(mongoUri).asPromise();
  try {
    const ticket = await connection
      .model('Ticket', ticketSchema)
      .create({ title: 'concert', price: 10, userId: 'seller', version: 0 });
    return `/tickets/${String(ticket._id)}`;
  } finally {
    await connection.close();
  }
}
