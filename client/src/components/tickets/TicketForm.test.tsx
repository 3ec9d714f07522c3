import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { errorsBody, mockFetch } from '@/test/fetch-mock';
import { resetRouter, router } from '@/test/router-mock';
import { TicketForm } from './TicketForm';

jest.mock('next/navigation', () => ({
  useRouter: () => jest.requireActual('@/test/router-mock').router,
}));

beforeEach(resetRouter);

const NEXT_YEAR = new Date().getFullYear() + 1;

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function fillValidTicket(title = 'Gig') {
  type('Title', title);
  type('Price (USD)', '10.5');
  type('Date and time', `${NEXT_YEAR}-06-21T20:00`);
  type('Venue', 'Olympia');
  type('City', 'Paris');
  type('Category', 'concert');
}

describe('TicketForm', () => {
  it('when listing a ticket, then its details are sent and the new ticket opens', async () => {
    const { calls } = mockFetch({
      status: 201,
      body: { id: 't1', title: 'Gig', price: 10.5, userId: 'u1', version: 0 },
    });
    render(<TicketForm />);

    fillValidTicket('  Gig  ');
    type('Seat', '12');
    fireEvent.click(screen.getByRole('button', { name: 'List ticket' }));

    await waitFor(() =>
      expect(router.push).toHaveBeenCalledWith(expect.stringMatching(/^\/tickets\/t1(\?|$)/)),
    );
    expect(calls[0]).toEqual({
      url: '/api/tickets',
      method: 'POST',
      body: {
        title: 'Gig',
        price: 10.5,
        eventAt: new Date(`${NEXT_YEAR}-06-21T20:00`).toISOString(),
        venue: 'Olympia',
        city: 'Paris',
        category: 'concert',
        seat: '12',
      },
    });
  });

  it('when the price field loses focus, then it shows whole cents, and a third decimal is kept as typed', () => {
    render(<TicketForm />);

    const price = screen.getByLabelText('Price (USD)');
    fireEvent.change(price, { target: { value: '25' } });
    fireEvent.blur(price);
    expect(price).toHaveValue('25.00');

    fireEvent.change(price, { target: { value: '12.345' } });
    fireEvent.blur(price);
    expect(price).toHaveValue('12.345');
  });

  it('when submitted empty, then every required field shows its error, the API is not called and the title has focus', async () => {
    const { fetchMock } = mockFetch();
    render(<TicketForm />);

    fireEvent.click(screen.getByRole('button', { name: 'List ticket' }));

    expect(screen.getByLabelText('Title')).toHaveAccessibleDescription(
      'Up to 120 characters. Enter the title',
    );
    expect(screen.getByLabelText('Price (USD)')).toHaveAccessibleDescription(
      expect.stringContaining('Enter a price'),
    );
    for (const label of ['Date and time', 'Venue', 'City', 'Category']) {
      expect(screen.getByLabelText(label)).toHaveAttribute('aria-invalid', 'true');
    }
    expect(fetchMock).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByLabelText('Title')).toHaveFocus());
  });

  it('when the API rejects a field, then its message is shown next to it and it gets focus', async () => {
    mockFetch({
      status: 400,
      body: errorsBody({ message: 'Venue must not contain control characters', field: 'venue' }),
    });
    render(<TicketForm />);

    fillValidTicket();
    fireEvent.click(screen.getByRole('button', { name: 'List ticket' }));

    await waitFor(() =>
      expect(screen.getByLabelText('Venue')).toHaveAccessibleDescription(
        'Venue must not contain control characters',
      ),
    );
    await waitFor(() => expect(screen.getByLabelText('Venue')).toHaveFocus());
  });

  it('when editing, then an optional detail the seller emptied is cleared and the refusal shows as it came', async () => {
    const { calls } = mockFetch({
      status: 400,
      body: errorsBody({ message: 'Cannot edit a reserved ticket' }),
    });
    render(
      <TicketForm
        ticket={{
          id: 't9',
          title: 'Gig',
          price: 12,
          eventAt: new Date(`${NEXT_YEAR}-06-21T20:00`).toISOString(),
          venue: 'Olympia',
          city: 'Paris',
          category: 'concert',
          row: 'F',
        }}
      />,
    );

    expect(screen.getByLabelText('Price (USD)')).toHaveValue('12.00');
    expect(screen.getByLabelText('Date and time')).toHaveValue(`${NEXT_YEAR}-06-21T20:00`);
    type('Row', '');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot edit a reserved ticket');
    expect(calls[0]).toMatchObject({
      url: '/api/tickets/t9',
      method: 'PUT',
      body: { title: 'Gig', price: 12, venue: 'Olympia', row: null },
    });
    expect(router.push).not.toHaveBeenCalled();
  });
});
