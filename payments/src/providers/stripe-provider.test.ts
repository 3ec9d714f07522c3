import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { chargeIdempotencyKey, InvalidPaymentTokenError } from '../domain/payment-provider';
import { createStripeClient, StripePaymentProvider } from './stripe-provider';

interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  params: Record<string, string>;
}

/** stripe-node's own HTTP client, recording what it sends. */
function recordingHttpClient() {
  const inner = Stripe.createNodeHttpClient();
  const requests: RecordedRequest[] = [];
  const httpClient: Stripe.HttpClient = {
    getClientName: () => inner.getClientName(),
    makeRequest: (host, port, path, method, headers, requestData, protocol, timeout) => {
      requests.push({
        method,
        path,
        idempotencyKey: headers['Idempotency-Key'] as string | undefined,
        params: Object.fromEntries(new URLSearchParams(requestData)),
      });
      return inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
    },
  };
  return { httpClient, requests };
}

const uniqueOrderId = () => `order-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/**
 * Request shapes against stripe-mock, which validates every request against Stripe's OpenAPI spec
 * and answers 400 to anything Stripe would refuse. It is stateless and answers with fixtures, so its
 * PaymentIntents never succeed: the outcome mapping is tested below against canned answers.
 */
describe('the Stripe payment provider against stripe-mock', () => {
  const { httpClient, requests } = recordingHttpClient();
  const provider = new StripePaymentProvider(
    createStripeClient({
      secretKey: 'sk_test_123',
      apiBase: process.env.STRIPE_MOCK_URL,
      httpClient,
    }),
  );
  const requestsTo = (path: string) => requests.filter((r) => r.path === path);

  it('when a payment method is charged, then one PaymentIntent is created and confirmed with the order, amount and key', async () => {
    const orderId = uniqueOrderId();

    await provider.charge({ orderId, amount: 1999, token: 'pm_card_visa' });

    const [create] = requestsTo('/v1/payment_intents').filter(
      (r) => r.params['metadata[orderId]'] === orderId,
    );
    expect(create).toEqual({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: chargeIdempotencyKey({ orderId, token: 'pm_card_visa' }),
      params: {
        amount: '1999',
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: 'true',
        'metadata[orderId]': orderId,
        'automatic_payment_methods[enabled]': 'true',
        'automatic_payment_methods[allow_redirects]': 'never',
        'expand[0]': 'latest_charge',
      },
    });
  });

  it("when a payment's card is asked for, then the PaymentIntent is read with its charge expanded, and the charge's card answered", async () => {
    const card = await provider.cardOf('pi_card_shape');

    const [read] = requests.filter((r) => r.path.startsWith('/v1/payment_intents/pi_card_shape'));
    expect(read?.method).toBe('GET');
    expect(new URLSearchParams(read?.path.split('?')[1]).getAll('expand[0]')).toEqual([
      'latest_charge',
    ]);
    // stripe-mock's fixture charge is a Visa ending 4242.
    expect(card).toEqual({ brand: 'visa', last4: '4242' });
  });

  it('when a card token is charged, then it becomes a payment method first and that is charged', async () => {
    const orderId = uniqueOrderId();
    const before = requests.length;

    await provider.charge({ orderId, amount: 500, token: 'tok_visa' });

    const [methodRequest, intentRequest] = requests.slice(before);
    const chargeKey = chargeIdempotencyKey({ orderId, token: 'tok_visa' });
    expect(methodRequest).toEqual({
      method: 'POST',
      path: '/v1/payment_methods',
      idempotencyKey: `${chargeKey}-payment-method`,
      params: { type: 'card', 'card[token]': 'tok_visa' },
    });
    expect(intentRequest).toMatchObject({
      path: '/v1/payment_intents',
      idempotencyKey: chargeKey,
      params: { amount: '500', payment_method: expect.stringMatching(/^pm_/) },
    });
  });

  it('when the same order is charged again with the same token, then the idempotency key repeats; with another token it does not', async () => {
    const orderId = uniqueOrderId();

    await provider.charge({ orderId, amount: 1999, token: 'pm_card_visa' });
    await provider.charge({ orderId, amount: 1999, token: 'pm_card_visa' });
    await provider.charge({ orderId, amount: 1999, token: 'pm_card_mastercard' });

    const keys = requestsTo('/v1/payment_intents')
      .filter((r) => r.params['metadata[orderId]'] === orderId)
      .map((r) => r.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[0]).toMatch(new RegExp(`^order-${orderId}-[0-9a-f]{32}$`));
  });

  it('when stripe-mock answers with its fixture PaymentIntent (not succeeded), then it is reported as not completed', async () => {
    const outcome = await provider.charge({
      orderId: uniqueOrderId(),
      amount: 1999,
      token: 'pm_card_visa',
    });

    expect(outcome.status).toBe('declined');
  });

  it('when a payment is refunded, then a refund of the PaymentIntent is created with a key of its own, and its id answered', async () => {
    const refundId = await provider.refund('pi_refund_shape');

    expect(refundId).toMatch(/^re_/);
    expect(requestsTo('/v1/refunds').at(-1)).toEqual({
      method: 'POST',
      path: '/v1/refunds',
      idempotencyKey: 'refund-pi_refund_shape',
      params: { payment_intent: 'pi_refund_shape' },
    });
  });
});

/** Stripe's answers, canned: what stripe-mock cannot produce (successes, declines, errors). */
describe('the Stripe payment provider outcomes', () => {
  let server: Server;
  let answer: { status: number; body: object };
  let provider: StripePaymentProvider;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new StripePaymentProvider(
      createStripeClient({ secretKey: 'sk_test_456', apiBase: `http://127.0.0.1:${port}` }),
    );
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const intent = (fields: object) => ({ id: 'pi_canned', object: 'payment_intent', ...fields });
  const charge = () => provider.charge({ orderId: 'o1', amount: 1999, token: 'pm_card_visa' });

  it('when the PaymentIntent succeeded, then the charge succeeded with its id and the card of its charge', async () => {
    answer = {
      status: 200,
      body: intent({
        status: 'succeeded',
        latest_charge: {
          id: 'ch_canned',
          object: 'charge',
          payment_method_details: { type: 'card', card: { brand: 'mastercard', last4: '4444' } },
        },
      }),
    };

    expect(await charge()).toEqual({
      status: 'succeeded',
      id: 'pi_canned',
      card: { brand: 'mastercard', last4: '4444' },
    });
  });

  it('when the succeeded PaymentIntent names no card (another payment method, or its charge not expanded), then it succeeds without one', async () => {
    for (const latest_charge of [
      'ch_not_expanded',
      null,
      { id: 'ch_x', object: 'charge', payment_method_details: { type: 'link' } },
    ]) {
      answer = { status: 200, body: intent({ status: 'succeeded', latest_charge }) };

      expect(await charge()).toEqual({ status: 'succeeded', id: 'pi_canned' });
    }
  });

  it('when the PaymentIntent requires action, then the client secret is handed on', async () => {
    answer = {
      status: 200,
      body: intent({ status: 'requires_action', client_secret: 'pi_canned_secret_x' }),
    };

    expect(await charge()).toEqual({
      status: 'requires_action',
      id: 'pi_canned',
      clientSecret: 'pi_canned_secret_x',
    });
  });

  it("when Stripe declines the card (402 card_error), then it is declined with Stripe's message", async () => {
    answer = {
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        },
      },
    };

    expect(await charge()).toEqual({ status: 'declined', message: 'Your card was declined.' });
  });

  it('when the PaymentIntent needs another payment method, then it is declined with the last error', async () => {
    answer = {
      status: 200,
      body: intent({
        status: 'requires_payment_method',
        last_payment_error: { message: 'Your card has insufficient funds.' },
      }),
    };

    expect(await charge()).toEqual({
      status: 'declined',
      message: 'Your card has insufficient funds.',
    });
  });

  it('when Stripe does not know the payment method, then the token is refused', async () => {
    answer = {
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'payment_method',
          message: "No such PaymentMethod: 'pm_nope'",
        },
      },
    };

    await expect(charge()).rejects.toThrow(InvalidPaymentTokenError);
  });

  it('when Stripe refuses for another reason, then the error propagates', async () => {
    answer = {
      status: 401,
      body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
    };

    await expect(charge()).rejects.toThrow(Stripe.errors.StripeAuthenticationError);
  });

  it('when the payment was refunded already, then refunding it again succeeds', async () => {
    answer = {
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'charge_already_refunded',
          message: 'Charge ch_x has already been refunded.',
        },
      },
    };

    await expect(provider.refund('pi_canned')).resolves.toBeUndefined();
  });
});
