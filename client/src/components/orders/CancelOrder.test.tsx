import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mockFetch } from '@/test/fetch-mock';
import { resetRouter, router } from '@/test/router-mock';
import { CancelOrder } from './CancelOrder';

jest.mock('next/navigation', () => ({
  useRouter: () => jest.requireActual('@/test/router-mock').router,
}));

// jsdom has no modal dialogs: open and close toggle the `open` attribute, as browsers do. The
// dialog's focus handling is checked in a real browser (e2e/cancel-order.test.ts).
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false;
  };
});
beforeEach(resetRouter);

describe('CancelOrder', () => {
  it('when "Cancel order" is pressed, then it asks first and sends nothing yet', () => {
    const { calls } = mockFetch();
    render(<CancelOrder orderId="o1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel order' }));

    expect(screen.getByRole('dialog', { name: 'Cancel this order?' })).toBeVisible();
    expect(calls).toEqual([]);
  });

  it('when the buyer keeps the order, then the dialog closes and nothing is sent', () => {
    const { calls } = mockFetch();
    render(<CancelOrder orderId="o1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel order' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep my order' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('when the buyer confirms, then the order is deleted and the page refreshed', async () => {
    const { calls } = mockFetch({ status: 204 });
    render(<CancelOrder orderId="o1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel order' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));

    await waitFor(() => expect(router.refresh).toHaveBeenCalled());
    expect(calls).toEqual([{ url: '/api/orders/o1', method: 'DELETE', body: undefined }]);
  });

  it('when cancelling fails, then the dialog stays open and says why', async () => {
    mockFetch({ status: 502 });
    render(<CancelOrder orderId="o1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel order' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));

    expect(
      await screen.findByText('The service is unavailable right now. Please try again shortly.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeVisible();
    expect(router.refresh).not.toHaveBeenCalled();
  });
});
