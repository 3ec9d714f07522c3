import {
  apiErrorBody,
  paymentActionRequiredResponse,
  paymentCreatedResponse,
} from '@ticketing/common/api';
import { expectContract, testUser } from '@ticketing/common/testing';
import { startTestPaymentsService, type TestPaymentsService } from '../test/payments-test-service';

let service: TestPaymentsService;
beforeAll(async () => {
  service = await startTestPaymentsService();
});
afterAll(() => service.stop());

describe('the payments API answers as the contract (@ticketing/common/api) says', () => {
  it('when a card is charged, then 201 answers the payment of the contract', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);

    expectContract(paymentCreatedResponse, res.body);
  });

  it('when the card needs the buyer first, then 202 answers the client secret of the contract', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const res = await service
      .pay(user, { orderId: order.id, token: 'pm_card_authenticationRequired' })
      .expect(202);

    expectContract(paymentActionRequiredResponse, res.body);
  });

  it('when a payment is refused, then 400, 401, 402 and 404 answer the standard error body', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const refusals = await Promise.all([
      service.pay(user, { orderId: order.id }),
      service.http().post('/api/payments').send({ orderId: order.id, token: 'tok_visa' }),
      service.pay(user, { orderId: order.id, token: 'tok_chargeDeclined' }),
      service.pay(testUser(), { orderId: order.id, token: 'tok_visa' }),
    ]);

    expect(refusals.map((res) => res.status)).toEqual([400, 401, 402, 404]);
    for (const res of refusals) expectContract(apiErrorBody, res.body);
  });

  it('when a payment is refused as in progress or after too many declines, then 409 and 429 answer the standard error body', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    for (let i = 0; i < 5; i += 1) {
      await service.pay(user, { orderId: order.id, token: 'tok_chargeDeclined' }).expect(402);
    }
    const other = await service.createOrder(user);
    let second: Awaited<ReturnType<typeof service.pay>> | undefined;
    service.provider.beforeCharge = async () => {
      second = await service.pay(user, { orderId: other.id, token: 'tok_visa' });
    };
    try {
      await service.pay(user, { orderId: other.id, token: 'tok_visa' }).expect(201);
    } finally {
      service.provider.beforeCharge = undefined;
    }
    const tooMany = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect([second?.status, tooMany.status]).toEqual([409, 429]);
    expectContract(apiErrorBody, second?.body);
    expectContract(apiErrorBody, tooMany.body);
  });
});
