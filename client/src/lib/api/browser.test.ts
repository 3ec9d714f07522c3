import { errorsBody, mockFetch } from '@/test/fetch-mock';
import { callApi, NETWORK_ERROR } from './browser';

describe('callApi', () => {
  it('when the API answers with errors, then its status and messages are kept exactly', async () => {
    mockFetch({ status: 400, body: errorsBody({ message: 'Email in use', field: 'email' }) });

    const result = await callApi('POST', '/api/users/signup', { email: 'a@b.c', password: 'x' });

    expect(result).toEqual({
      ok: false,
      status: 400,
      errors: [{ message: 'Email in use', field: 'email' }],
    });
  });

  it('when the gateway answers a non-JSON error, then a generic message for the status is given', async () => {
    mockFetch({ status: 502 });

    const result = await callApi('GET', '/api/orders');

    expect(result).toEqual({
      ok: false,
      status: 502,
      errors: [{ message: 'The service is unavailable right now. Please try again shortly.' }],
    });
  });

  it('when the network fails, then it answers status 0 with a connection message', async () => {
    mockFetch('network-error');

    expect(await callApi('DELETE', '/api/orders/1')).toEqual({
      ok: false,
      status: 0,
      errors: [{ message: NETWORK_ERROR }],
    });
  });

  it('when the API answers 204, then the call succeeds without a body', async () => {
    mockFetch({ status: 204 });

    expect(await callApi('POST', '/api/users/signout')).toEqual({
      ok: true,
      status: 204,
      data: undefined,
    });
  });

  it('when sending a body, then it goes as JSON to the same origin with the cookie', async () => {
    const { fetchMock, calls } = mockFetch({ status: 201, body: { id: 't1' } });

    await callApi('POST', '/api/tickets', { title: 'Gig', price: 10 });

    expect(calls).toEqual([
      { url: '/api/tickets', method: 'POST', body: { title: 'Gig', price: 10 } },
    ]);
    expect(fetchMock.mock.calls[0]![1]).toMatchObject({
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
    });
  });
});
