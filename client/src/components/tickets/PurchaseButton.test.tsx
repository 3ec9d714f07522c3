import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { errorsBody, mockFetch } from '@/test/fetch-mock';
import { resetRouter, router } from '@/test/router-mock';
import { NOT_YET_KNOWN_BACKOFF_MS } from '@/lib/api/browser';
import { PurchaseButton } from './PurchaseButton';

jest.mock('next/navigation', () => ({
  useRouter: () => jest.requireActual('@/test/router-mock').router,
}));

beforeEach(resetRouter);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const notFound = { status: 404, body: errorsBody({ message: 'Not found' }) };
const created = { status: 201, body: { id: 'o1', status: 'created' } };

describe('PurchaseButton', () => {
  it('when the orders service does not know the new ticket yet, then it retries and opens the order', async () => {
    const { calls } = mockFetch(notFound, notFound, created);
    render(<PurchaseButton ticketId="t1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Purchase' }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith('/orders/o1'));
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual({ url: '/api/orders', method: 'POST', body: { ticketId: 't1' } });
  });

  it('when the ticket stays unknown after the retries, then the not-found message is shown', async () => {
    const answers = Array.from({ length: NOT_YET_KNOWN_BACKOFF_MS.length + 1 }, () => notFound);
    jest.useFakeTimers();
    try {
      const { calls } = mockFetch(...answers);
      render(<PurchaseButton ticketId="t1" />);

      fireEvent.click(screen.getByRole('button', { name: 'Purchase' }));
      await act(() => jest.advanceTimersByTimeAsync(sum(NOT_YET_KNOWN_BACKOFF_MS)));

      expect(screen.getByRole('alert')).toHaveTextContent('Not found');
      expect(calls).toHaveLength(answers.length);
    } finally {
      jest.useRealTimers();
    }
  });

  it('when the ticket is already reserved, then that message is shown at once', async () => {
    const { calls } = mockFetch({
      status: 400,
      body: errorsBody({ message: 'Ticket is already reserved' }),
    });
    render(<PurchaseButton ticketId="t1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Purchase' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Ticket is already reserved');
    expect(calls).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Purchase' })).toBeEnabled();
  });
});
