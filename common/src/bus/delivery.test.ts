import { createEnvelope, encodeEnvelope } from '../events/envelope';
import { Subjects } from '../events/catalogue';
import { createLogger } from '../logging/logger';
import { handleDelivery } from './delivery';
import { RetryLaterError } from './listener';
import { RecordingListener, ticketData } from './test/bus-fixtures';

const SERVICE = 'orders';
const policy = { ackWaitMs: 5_000, maxDeliveries: 4, retryDelayMs: 100 };
const logger = createLogger('delivery-test', 'silent');
const bytesOf = (data = ticketData()) =>
  encodeEnvelope(createEnvelope(Subjects.TicketCreated, data));

describe('handling one delivery', () => {
  it('when the handler succeeds, then the message is acknowledged', async () => {
    const outcome = await handleDelivery(
      new RecordingListener(),
      bytesOf(),
      1,
      SERVICE,
      policy,
      logger,
    );

    expect(outcome).toEqual({ action: 'ack' });
  });

  it('when the handler fails, then it is retried after a delay that doubles per delivery, capped at the ack wait', async () => {
    const failing = new RecordingListener(async () => {
      throw new Error('down');
    });

    const delays = [];
    for (const deliveryCount of [1, 2, 3]) {
      delays.push(
        await handleDelivery(
          failing,
          bytesOf(),
          deliveryCount,
          SERVICE,
          { ...policy, maxDeliveries: 10 },
          logger,
        ),
      );
    }
    const capped = await handleDelivery(
      failing,
      bytesOf(),
      9,
      SERVICE,
      { ...policy, maxDeliveries: 10 },
      logger,
    );

    expect(delays).toEqual([
      { action: 'retry', delayMs: 100 },
      { action: 'retry', delayMs: 200 },
      { action: 'retry', delayMs: 400 },
    ]);
    expect(capped).toEqual({ action: 'retry', delayMs: 5_000 });
  });

  it('when the handler says retry later, then it is retried like a failure', async () => {
    const early = new RecordingListener(async () => {
      throw new RetryLaterError('version 3 arrived before version 2');
    });

    expect(await handleDelivery(early, bytesOf(), 1, SERVICE, policy, logger)).toEqual({
      action: 'retry',
      delayMs: 100,
    });
  });

  it('when the handler fails on the last allowed delivery, then the message is dead-lettered', async () => {
    const failing = new RecordingListener(async () => {
      throw new Error('still down');
    });

    const outcome = await handleDelivery(
      failing,
      bytesOf(),
      policy.maxDeliveries,
      SERVICE,
      policy,
      logger,
    );

    expect(outcome).toEqual({ action: 'dead-letter', reason: 'still down' });
  });

  it.each([
    ['not JSON', Buffer.from('{{{')],
    [
      'an envelope of another subject',
      encodeEnvelope(createEnvelope(Subjects.ExpirationComplete, { orderId: 'o' })),
    ],
    [
      'a payload missing fields',
      Buffer.from(
        JSON.stringify({
          id: 'e',
          subject: 'ticket.created',
          occurredAt: 'now',
          data: { id: 't' },
        }),
      ),
    ],
  ])(
    'when the message is %s, then it is dead-lettered on the first delivery without calling the handler',
    async (_case, bytes) => {
      const listener = new RecordingListener();

      const outcome = await handleDelivery(listener, bytes, 1, SERVICE, policy, logger);

      expect(outcome.action).toBe('dead-letter');
      expect(listener.handled).toEqual([]);
    },
  );
});
