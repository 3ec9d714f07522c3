import {
  IGNORED,
  Listener,
  Subjects,
  type EventData,
  type Ignored,
  type ReceivedEvent,
} from '@ticketing/common';
import type { Catalog } from '../../domain/catalog';

type TicketSubject = typeof Subjects.TicketCreated | typeof Subjects.TicketUpdated;

/**
 * Writes each ticket event into the catalog's database, once per event across the replicas (the
 * queue group). Every event carries the ticket's full state, so a version newer than the stored one
 * replaces it whatever came between, and an older or repeated one is acknowledged and ignored.
 */
abstract class TicketStateListener<S extends TicketSubject> extends Listener<S> {
  constructor(private readonly catalog: Catalog) {
    super();
  }

  async onMessage(data: EventData<S>, event: ReceivedEvent<S>): Promise<void | Ignored> {
    const stored = await this.catalog.persist({ data, occurredAt: event.occurredAt });
    return stored ? undefined : IGNORED;
  }
}

export class TicketCreatedListener extends TicketStateListener<typeof Subjects.TicketCreated> {
  readonly subject = Subjects.TicketCreated;
}

export class TicketUpdatedListener extends TicketStateListener<typeof Subjects.TicketUpdated> {
  readonly subject = Subjects.TicketUpdated;
}
