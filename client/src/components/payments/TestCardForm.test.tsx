import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { errorsBody, mockFetch } from '@/test/fetch-mock';
import { TestCardForm } from './TestCardForm';

describe('TestCardForm', () => {
  it('when paying with the succeeding card, then tok_visa is sent and onPaid is called', async () => {
    const { calls } = mockFetch({ status: 201, body: { id: 'p1' } });
    const onPaid = jest.fn();
    render(<TestCardForm orderId="o1" price={12.5} onPaid={onPaid} />);

    fireEvent.click(screen.getByRole('button', { name: 'Pay $12.50' }));

    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    expect(calls).toEqual([
      { url: '/api/payments', method: 'POST', body: { orderId: 'o1', token: 'tok_visa' } },
    ]);
    expect(screen.getByRole('button', { name: /paying/i })).toBeDisabled();
  });

  it('when the declining card is chosen and declined, then the message is shown and paying again is possible', async () => {
    const { calls } = mockFetch(
      { status: 402, body: errorsBody({ message: 'Your card was declined.' }) },
      { status: 201, body: { id: 'p1' } },
    );
    const onPaid = jest.fn();
    render(<TestCardForm orderId="o1" price={5} onPaid={onPaid} />);

    fireEvent.click(screen.getByLabelText(/Visa — declined/));
    fireEvent.click(screen.getByRole('button', { name: 'Pay $5.00' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Your card was declined.');
    expect(calls[0]!.body).toEqual({ orderId: 'o1', token: 'tok_chargeDeclined' });
    expect(onPaid).not.toHaveBeenCalled();

    fireEvent.click(screen.getByLabelText(/Visa — succeeds/));
    fireEvent.click(screen.getByRole('button', { name: 'Pay $5.00' }));
    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    expect(calls[1]!.body).toEqual({ orderId: 'o1', token: 'tok_visa' });
  });

  it('when the order can no longer be paid, then the API message is shown', async () => {
    mockFetch({ status: 400, body: errorsBody({ message: 'Cannot pay for a cancelled order' }) });
    render(<TestCardForm orderId="o1" price={5} onPaid={jest.fn()} />);

    fireEvent.click(screen.getByRole('button', { name: 'Pay $5.00' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot pay for a cancelled order');
  });
});
