import {
  TicketCategories,
  ticketDetailNames,
  ticketLimits,
  type ApiErrorItem,
  type TicketCategory,
} from '@ticketing/common/api';
import { formatPrice } from './format';

/** What the sell and edit forms hold, as typed (the date is a `datetime-local` value). */
export interface TicketFormValues {
  title: string;
  price: string;
  eventAt: string;
  venue: string;
  city: string;
  category: string;
  section: string;
  row: string;
  seat: string;
  description: string;
}

/** The fields in the order the forms show them (and focus the first with an error). */
export const TICKET_FORM_FIELDS = [
  'title',
  'price',
  ...ticketDetailNames,
] as const satisfies readonly (keyof TicketFormValues)[];

/** What POST and PUT /api/tickets receive from the forms. */
export interface TicketBody {
  title: string;
  price: number;
  eventAt: string;
  venue: string;
  city: string;
  category: TicketCategory;
  section?: string;
  row?: string;
  seat?: string;
  description?: string;
}

export const PRICE_HINT = `From ${formatPrice(ticketLimits.minPrice)} to ${formatPrice(ticketLimits.maxPrice)}, in dollars and cents (like 25 or 19.99).`;

/**
 * The price typed, as the number the API takes, or why it is not one. Nothing is rounded: a third
 * decimal is an error, not a cent the seller did not ask for.
 */
export function readPrice(input: string): { price: number } | { error: string } {
  const typed = input.trim();
  if (typed === '') return { error: 'Enter a price' };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(typed)) {
    return { error: 'Price must be a number, like 25 or 19.99' };
  }
  const price = Number(typed);
  if (price < 0) return { error: 'Price cannot be negative' };
  if (price === 0) return { error: 'Price must be more than zero' };
  if (/\.\d{3,}$/.test(typed)) return { error: 'Price can have at most 2 decimals (whole cents)' };
  if (price < ticketLimits.minPrice) {
    return { error: `Price must be at least ${formatPrice(ticketLimits.minPrice)}` };
  }
  if (price > ticketLimits.maxPrice) {
    return { error: `Price must be at most ${formatPrice(ticketLimits.maxPrice)}` };
  }
  return { price };
}

function requiredText(
  field: keyof TicketFormValues,
  value: string,
  label: string,
  maxLength: number,
): ApiErrorItem | null {
  if (value === '') return { field, message: `Enter the ${label}` };
  if ([...value].length > maxLength) {
    return { field, message: `The ${label} must be at most ${maxLength} characters` };
  }
  return null;
}

function optionalText(
  field: keyof TicketFormValues,
  value: string,
  label: string,
  maxLength: number,
): ApiErrorItem | null {
  return value === '' ? null : requiredText(field, value, label, maxLength);
}

/**
 * The `datetime-local` value as an instant: the browser reads it in the visitor's time zone, the
 * zone they think of the event in.
 */
function readEventAt(input: string, now: Date): { eventAt: string } | { error: string } {
  if (input === '') return { error: 'Enter the date and time of the event' };
  const at = new Date(input);
  if (Number.isNaN(at.getTime())) return { error: 'Enter a date and time, like 2030-06-21 20:00' };
  if (at.getTime() <= now.getTime()) return { error: 'The event must be in the future' };
  return { eventAt: at.toISOString() };
}

function isCategory(value: string): value is TicketCategory {
  return (TicketCategories as readonly string[]).includes(value);
}

/**
 * Checks every field at once (the API's rules, so a form shows all its errors before a round trip)
 * and, when all pass, the body to send. Text is trimmed; empty optional fields are left out.
 */
export function checkTicketForm(
  values: TicketFormValues,
  now = new Date(),
): { body: TicketBody; errors: [] } | { body: null; errors: ApiErrorItem[] } {
  const text = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value.trim()]),
  ) as unknown as TicketFormValues;
  const price = readPrice(text.price);
  const eventAt = readEventAt(text.eventAt, now);
  const seatPart = ticketLimits.seatPartMaxLength;
  const errors = [
    requiredText('title', text.title, 'title', ticketLimits.titleMaxLength),
    'error' in price ? { field: 'price', message: price.error } : null,
    'error' in eventAt ? { field: 'eventAt', message: eventAt.error } : null,
    requiredText('venue', text.venue, 'venue', ticketLimits.venueMaxLength),
    requiredText('city', text.city, 'city', ticketLimits.cityMaxLength),
    isCategory(text.category) ? null : { field: 'category', message: 'Choose a category' },
    optionalText('section', text.section, 'section', seatPart),
    optionalText('row', text.row, 'row', seatPart),
    optionalText('seat', text.seat, 'seat', seatPart),
    optionalText('description', text.description, 'description', ticketLimits.descriptionMaxLength),
  ].filter((error): error is ApiErrorItem => error !== null);
  if (errors.length > 0 || 'error' in price || 'error' in eventAt || !isCategory(text.category)) {
    return { body: null, errors };
  }
  const optional = (['section', 'row', 'seat', 'description'] as const).filter(
    (name) => text[name] !== '',
  );
  return {
    body: {
      title: text.title,
      price: price.price,
      eventAt: eventAt.eventAt,
      venue: text.venue,
      city: text.city,
      category: text.category,
      ...Object.fromEntries(optional.map((name) => [name, text[name]])),
    },
    errors: [],
  };
}

/** An instant as a `datetime-local` value in the browser's time zone (what the input shows). */
export function toDateTimeLocal(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
