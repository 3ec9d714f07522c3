import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { errorsBody, mockFetch } from '@/test/fetch-mock';
import { resetRouter, router } from '@/test/router-mock';
import { TicketForm } from './TicketForm';

jest.mock('next/navigation', () => ({
  useRouter: () => jest.requireActual('@/test/router-mock').router,
}));

beforeEach(resetRouter);

function fill(title: string, price: string) {
  fireEvent.change(screen.getByLabelText('Title'), { target: { value: title } });
  fireEvent.change(screen.getByLabelText('Price (USD)'), { target: { value: price } });
}

describe('TicketForm', () => {
  it('when listing a ticket, then the price is sent with 2 decimals and the new ticket opens', async () => {
    const { calls } = mockFetch({
      status: 201,
      body: { id: 't1', title: 'Gig', price: 10.01, userId: 'u1', version: 0 },
    });
    render(<TicketForm />);

    fill('  Gig  ', '10.005');
    fireEvent.click(screen.getByRole('button', { name: 'List ticket' }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith('/tickets/t1'));
    expect(calls[0]).toEqual({
      url: '/api/tickets',
      method: 'POST',
      body: { title: 'Gig', price: 10.01 },
    });
  });

  it('when the price field loses focus, then it shows the normalised price', () => {
    render(<TicketForm />);

    const price = screen.getByLabelText('Price (USD)');
    fireEvent.change(price, { target: { value: '25' } });
    fireEvent.blur(price);

    expect(price).toHaveValue('25.00');
  });

  it('when the price is not a number, then it says so next to the field without calling the API', () => {
    const { fetchMock } = mockFetch();
    render(<TicketForm />);

    fill('Gig', 'twenty');
    fireEvent.click(screen.getByRole('button', { name: 'List ticket' }));

    expect(screen.getByLabelText('Price (USD)')).toHaveAccessibleDescription(
      'Enter a price in dollars, like 25 or 19.99',
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('when the API rejects the title, then its message is shown next to the title', async () => {
    mockFetch({ status: 400, body: errorsBody({ message: 'Title is required', field: 'title' }) });
    render(<TicketForm />);

    fill('', '5');
    fireEvent.click(screen.getByRole('button', { name: 'List ticket' }));

    await waitFor(() =>
      expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Title is required'),
    );
  });

  it('when editing a reserved ticket, then the API refusal is shown as it came', async () => {
    const { calls } = mockFetch({
      status: 400,
      body: errorsBody({ message: 'Cannot edit a reserved ticket' }),
    });
    render(<TicketForm ticket={{ id: 't9', title: 'Gig', price: 12 }} />);

    expect(screen.getByLabelText('Price (USD)')).toHaveValue('12.00');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot edit a reserved ticket');
    expect(calls[0]).toMatchObject({ url: '/api/tickets/t9', method: 'PUT' });
    expect(router.push).not.toHaveBeenCalled();
  });
});
