import type { Subject } from '../events/catalogue';
import { metricsFor } from '../metrics/service-metrics';

/**
 * The name of a service's consumer of one subject, as `ticketing_consumer_pending_messages` labels
 * it on either bus: JetStream's durable consumer shared by every replica, NATS Streaming's durable
 * queue group on the subject's channel.
 */
export const durableName = (queueGroup: string, subject: Subject) =>
  `${queueGroup}_${subject.replace(/[.*>]/g, '_')}`;

/**
 * Reports a consumer's backlog (messages the server stores for it and has not delivered yet) as
 * `ticketing_consumer_pending_messages{consumer}`, read when Prometheus scrapes. A read that fails or
 * finds nothing leaves the series out of that scrape. Returns what stops reporting it.
 */
export function measureConsumerBacklog(
  service: string,
  consumer: string,
  read: () => Promise<number | undefined>,
): () => void {
  return metricsFor(service).gaugeReadAtScrape(
    'ticketing_consumer_pending_messages',
    "Messages stored for a durable consumer and not yet delivered to it (JetStream's num_pending; NATS Streaming: the channel's last sequence minus the last one sent to the queue group)",
    ['consumer'],
    async () => {
      const value = await read();
      return value === undefined ? [] : [{ labels: { consumer }, value }];
    },
  );
}
