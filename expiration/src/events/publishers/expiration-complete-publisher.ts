import { Publisher, Subjects } from '@ticketing/common';

/** Published straight to the bus: the bull job is the durable record, and it retries a failed publish. */
export class ExpirationCompletePublisher extends Publisher<typeof Subjects.ExpirationComplete> {
  readonly subject = Subjects.ExpirationComplete;
}
