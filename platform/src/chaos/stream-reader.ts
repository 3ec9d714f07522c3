import { connect } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { PLATFORM_STREAM } from '@ticketing/common';
import type { StreamMessage } from './invariants';

/**
 * Every message of the platform's stream, oldest first: the events and the dead letters. Read with an
 * ordered consumer, which the server forgets once it is done; nothing is acknowledged or removed.
 */
export async function readStream(natsUrl: string): Promise<StreamMessage[]> {
  const nc = await connect({ servers: natsUrl, name: 'ticketing-chaos-check' });
  try {
    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(PLATFORM_STREAM.name);
    if (state.messages === 0) return [];
    const consumer = await jetstream(nc).consumers.get(PLATFORM_STREAM.name, {
      deliver_policy: DeliverPolicy.All,
    });
    const messages: StreamMessage[] = [];
    const iterator = await consumer.consume();
    for await (const msg of iterator) {
      messages.push(toStreamMessage(msg.seq, msg.subject, msg.string()));
      // Messages published while reading are not waited for: the platform has settled.
      if (msg.info.pending === 0 || msg.seq >= state.last_seq) break;
    }
    iterator.stop();
    return messages;
  } finally {
    await nc.close();
  }
}

function toStreamMessage(seq: number, subject: string, body: string): StreamMessage {
  try {
    const envelope = JSON.parse(body) as { id?: unknown; data?: unknown };
    return {
      seq,
      subject,
      ...(typeof envelope.id === 'string' && { eventId: envelope.id }),
      ...(typeof envelope.data === 'object' &&
        envelope.data !== null && { data: envelope.data as Record<string, unknown> }),
    };
  } catch {
    return { seq, subject };
  }
}
