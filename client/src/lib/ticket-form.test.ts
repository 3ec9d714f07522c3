import { checkTicketForm, readPrice, toDateTimeLocal, type TicketFormValues } from './ticket-form';

const NOW = new Date('2030-01-01T12:00:00');

const valid: TicketFormValues = {
  title: 'Nils Frahm — Live',
  price: '45',
  eventAt: '2030-06-21T20:00',
  venue: 'Philharmonie',
  city: 'Paris',
  category: 'concert',
  section: '',
  row: '',
  seat: '',
  description: '',
};

describe('readPrice', () => {
  it.each([
    ['25', 25],
    [' 19.99 ', 19.99],
    ['0.5', 0.5],
    ['.75', 0.75],
    ['7.', 7],
    ['999999.99', 999_999.99],
  ])('when the price typed is %p, then it is %p', (typed, price) => {
    expect(readPrice(typed)).toEqual({ price });
  });

  it.each([
    ['', 'Enter a price'],
    ['twenty', 'Price must be a number, like 25 or 19.99'],
    ['1,000', 'Price must be a number, like 25 or 19.99'],
    ['1e3', 'Price must be a number, like 25 or 19.99'],
    ['$5', 'Price must be a number, like 25 or 19.99'],
    ['-5', 'Price cannot be negative'],
    ['0', 'Price must be more than zero'],
    ['0.00', 'Price must be more than zero'],
    ['12.345', 'Price can have at most 2 decimals (whole cents)'],
    ['10.005', 'Price can have at most 2 decimals (whole cents)'],
    ['0.25', 'Price must be at least $0.50'],
    ['1000000', 'Price must be at most $999,999.99'],
  ])('when the price typed is %p, then the reason is %p', (typed, error) => {
    expect(readPrice(typed)).toEqual({ error });
  });
});

describe('checkTicketForm', () => {
  it('when every field is valid, then the body has them trimmed, the date as an instant and no empty optional field', () => {
    const checked = checkTicketForm(
      { ...valid, title: '  Nils Frahm — Live ', seat: ' 12 ', description: 'Row near the aisle' },
      NOW,
    );

    expect(checked).toEqual({
      errors: [],
      body: {
        title: 'Nils Frahm — Live',
        price: 45,
        eventAt: new Date('2030-06-21T20:00').toISOString(),
        venue: 'Philharmonie',
        city: 'Paris',
        category: 'concert',
        seat: '12',
        description: 'Row near the aisle',
      },
    });
  });

  it('when the form is submitted empty, then every required field has its error at once', () => {
    const empty = Object.fromEntries(
      Object.keys(valid).map((name) => [name, '']),
    ) as unknown as TicketFormValues;

    const checked = checkTicketForm(empty, NOW);

    expect(checked.body).toBeNull();
    expect(checked.errors).toEqual([
      { field: 'title', message: 'Enter the title' },
      { field: 'price', message: 'Enter a price' },
      { field: 'eventAt', message: 'Enter the date and time of the event' },
      { field: 'venue', message: 'Enter the venue' },
      { field: 'city', message: 'Enter the city' },
      { field: 'category', message: 'Choose a category' },
    ]);
  });

  it('when the event is not in the future, then the date is refused', () => {
    const checked = checkTicketForm({ ...valid, eventAt: '2029-12-31T20:00' }, NOW);

    expect(checked.errors).toEqual([
      { field: 'eventAt', message: 'The event must be in the future' },
    ]);
  });

  it('when a text is longer than the API allows, then it says the limit', () => {
    const checked = checkTicketForm(
      { ...valid, title: 'x'.repeat(121), city: 'y'.repeat(81), row: 'z'.repeat(21) },
      NOW,
    );

    expect(checked.errors).toEqual([
      { field: 'title', message: 'The title must be at most 120 characters' },
      { field: 'city', message: 'The city must be at most 80 characters' },
      { field: 'row', message: 'The row must be at most 20 characters' },
    ]);
  });

  it('when the category is not one of the catalogue, then it is refused', () => {
    expect(checkTicketForm({ ...valid, category: 'opera' }, NOW).errors).toEqual([
      { field: 'category', message: 'Choose a category' },
    ]);
  });
});

describe('toDateTimeLocal', () => {
  it('when given an instant, then it is the value a datetime-local input shows for it here', () => {
    const instant = new Date(2030, 5, 21, 20, 5).toISOString();

    expect(toDateTimeLocal(instant)).toBe('2030-06-21T20:05');
  });
});
