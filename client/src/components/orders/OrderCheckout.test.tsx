import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Order } from '@ticketing/common/api';
import { mockFetch } from '@/test/fetch-mock';
import { resetRouter, router } from '@/test/router-mock';
import { OrderCheckout } from './OrderCheckout';

jest.mock('next/navigation', () => ({
  useRouter: () => jest.requireActual('@/test/router-mock').router,
}));

beforeEach(resetRouter);
afterEach(() => jest.useRealTimers());

function orderExpiringIn(ms: number, status: Order['status'] = 'created'): Order {
  return {
    id: 'o1',
    status,
    expiresAt: new Date(Date.now() + ms).toISOString(),
    userId: 'u1',
    version: 0,
    ticket: { id: 't1', title: 'Gig', price: 30 },
  };
}

describe('OrderCheckout', () => {
  it('when the countdown reaches zero, then "Order expired" shows and the payment form is gone', () => {
    jest.useFakeTimers();
    render(<OrderCheckout order={orderExpiringIn(3_000)} renderedAt={Date.now()} />);
    expect(screen.getByRole('form', { name: 'Payment' })).toBeInTheDocument();

    act(() => jest.advanceTimersByTime(3_000));

    expect(screen.getByText('Order expired')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Payment' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /pay/i })).not.toBeInTheDocument();
  });

  it('when expired, then the page is refreshed once the orders service has cancelled the order', async () => {
    jest.useFakeTimers();
    const { calls } = mockFetch(
      { status: 200, body: orderExpiringIn(-1_000, 'created') },
      { status: 200, body: orderExpiringIn(-1_000, 'cancelled') },
    );
    render(<OrderCheckout order={orderExpiringIn(1_000)} renderedAt={Date.now()} />);

    act(() => jest.advanceTimersByTime(1_000));
    expect(screen.getByText('Order expired')).toBeInTheDocument();
    await act(() => jest.advanceTimersByTimeAsync(750));
    await act(() => jest.advanceTimersByTimeAsync(750));

    expect(calls.map((c) => c.url)).toEqual(['/api/orders/o1', '/api/orders/o1']);
    expect(router.refresh).toHaveBeenCalledTimes(1);
  });

  it('when paid, then the form is replaced by a confirmation until the order turns complete', async () => {
    mockFetch(
      { status: 201, body: { id: 'p1' } },
      { status: 200, body: orderExpiringIn(60_000, 'created') },
      { status: 200, body: orderExpiringIn(60_000, 'complete') },
    );
    render(<OrderCheckout order={orderExpiringIn(60_000)} renderedAt={Date.now()} />);

    fireEvent.click(screen.getByRole('button', { name: 'Pay $30.00' }));

    expect(await screen.findByText(/Payment accepted/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Payment' })).not.toBeInTheDocument();
    await waitFor(() => expect(router.refresh).toHaveBeenCalled(), { timeout: 4_000 });
  });
});
