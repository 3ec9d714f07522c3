import { act, renderHook } from '@testing-library/react';
import type { Order } from '@ticketing/common/api';
import { mockFetch } from '@/test/fetch-mock';
import { resetRouter, router } from '@/test/router-mock';
import { GIVE_UP_MS, POLL_MS, useRefreshWhenSettled } from './use-refresh-when-settled';

jest.mock('next/navigation', () => ({
  useRouter: () => jest.requireActual('@/test/router-mock').router,
}));

beforeEach(() => {
  resetRouter();
  jest.useFakeTimers();
});
afterEach(() => jest.useRealTimers());

const orderIn = (status: Order['status']) => ({ status: 200, body: { id: 'o1', status } });

/** Lets the polls due in the next `ms` run, their fetches included. */
const elapse = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));

describe('useRefreshWhenSettled', () => {
  it('when not active, then it does not poll', async () => {
    const { calls } = mockFetch();

    renderHook(() => useRefreshWhenSettled('o1', false));
    await elapse(POLL_MS * 4);

    expect(calls).toEqual([]);
  });

  it('when the order is still pending, then it polls again until the status moves on, then refreshes once', async () => {
    const { calls } = mockFetch(
      orderIn('created'),
      orderIn('awaiting:payment'),
      { status: 502 },
      orderIn('complete'),
    );

    const { result } = renderHook(() => useRefreshWhenSettled('o1', true));
    await elapse(POLL_MS * 3);
    expect(router.refresh).not.toHaveBeenCalled();
    await elapse(POLL_MS * 3);

    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(Array(4).fill('GET /api/orders/o1'));
    expect(router.refresh).toHaveBeenCalledTimes(1);
    expect(result.current).toBe(false);
  });

  it('when the order stays pending past the limit, then it stops polling and answers that it gave up', async () => {
    const { calls, answer } = mockFetch();
    answer(...Array.from({ length: GIVE_UP_MS / POLL_MS + 2 }, () => orderIn('awaiting:payment')));

    const { result } = renderHook(() => useRefreshWhenSettled('o1', true));
    await elapse(GIVE_UP_MS + POLL_MS * 2);
    const polls = calls.length;
    await elapse(POLL_MS * 4);

    expect(result.current).toBe(true);
    expect(calls).toHaveLength(polls);
    expect(router.refresh).not.toHaveBeenCalled();
  });

  it('when unmounted, then polling stops', async () => {
    const { calls } = mockFetch(orderIn('created'));

    const { unmount } = renderHook(() => useRefreshWhenSettled('o1', true));
    await elapse(POLL_MS);
    unmount();
    await elapse(POLL_MS * 4);

    expect(calls).toHaveLength(1);
  });
});
