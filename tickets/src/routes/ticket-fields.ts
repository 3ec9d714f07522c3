import type { Request } from 'express';
import { body } from 'express-validator';
import { TicketCategories } from '@ticketing/common';
import { ticketDetailNames, ticketLimits } from '@ticketing/common/api';
import type { TicketDetails } from '../data/ticket-model';
import { isValidPrice } from '../domain/price';
import type { TicketEdit, TicketFields } from '../domain/tickets';

/** C0 and C1 controls and DEL: nothing a one-line field shows, and NUL is refused by some databases. */
const CONTROL_CHARACTER = /\p{Cc}/u;
/** The same, except the line breaks and tabs a description may have. */
const CONTROL_CHARACTER_BUT_LINE_BREAK_OR_TAB = /[^\P{Cc}\n\t]/u;

/**
 * A date and time with its offset from UTC (`2027-05-01T19:30:00Z`, `…+02:00`): a date alone or a
 * time without an offset would leave the moment to whoever reads it.
 */
const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A trimmed one-line text; with `optional`, a detail that may be left out or (null) cleared. */
function text(
  field: string,
  label: string,
  max: number,
  { optional = true, multiline = false }: { optional?: boolean; multiline?: boolean } = {},
) {
  let chain = body(field, `${label} must be between 1 and ${max} characters`);
  if (optional) chain = chain.optional({ values: 'null' });
  chain = chain.isString().bail();
  // A browser's form sends a text area's line breaks as CR LF; one kind of line break is kept.
  if (multiline) chain = chain.customSanitizer((value: string) => value.replace(/\r\n?/g, '\n'));
  return chain
    .trim()
    .isLength({ min: 1, max })
    .bail()
    .not()
    .matches(multiline ? CONTROL_CHARACTER_BUT_LINE_BREAK_OR_TAB : CONTROL_CHARACTER)
    .withMessage(`${label} must not contain control characters`);
}

/**
 * The body of POST and PUT /api/tickets. The details are optional, so a client that sends only title
 * and price keeps working; each one given must be valid. `null` leaves a detail out (POST) or
 * clears it (PUT).
 */
export const ticketFieldsValidation = [
  text('title', 'Title', ticketLimits.titleMaxLength, { optional: false }),
  body(
    'price',
    `Price must be from ${ticketLimits.minPrice.toFixed(2)} to ${ticketLimits.maxPrice.toFixed(2)} with at most 2 decimals`,
  ).custom(isValidPrice),
  body('eventAt', 'Event date must be a date and time with its offset, like 2027-05-01T19:30:00Z')
    .optional({ values: 'null' })
    .isString()
    .bail()
    .matches(DATE_TIME_WITH_OFFSET)
    .bail()
    .isISO8601({ strict: true, strictSeparator: true })
    .bail()
    .custom((value: string) => Date.parse(value) > Date.now())
    .withMessage('Event date must be in the future'),
  text('venue', 'Venue', ticketLimits.venueMaxLength),
  text('city', 'City', ticketLimits.cityMaxLength),
  body('category', `Category must be one of ${TicketCategories.join(', ')}`)
    .optional({ values: 'null' })
    .isString()
    .bail()
    .isIn(TicketCategories),
  text('section', 'Section', ticketLimits.seatPartMaxLength),
  text('row', 'Row', ticketLimits.seatPartMaxLength),
  text('seat', 'Seat', ticketLimits.seatPartMaxLength),
  text('description', 'Description', ticketLimits.descriptionMaxLength, { multiline: true }),
];

/** The validated body of an edit: a detail left out is undefined, one to clear is null. */
export function ticketEditOf(req: Request): TicketEdit {
  const fields = req.body as Record<string, unknown>;
  const details = ticketDetailNames
    .filter((detail) => fields[detail] !== undefined)
    .map((detail) => {
      const value = fields[detail];
      return [detail, detail === 'eventAt' && value !== null ? new Date(value as string) : value];
    });
  return {
    title: fields.title as string,
    price: fields.price as number,
    ...(Object.fromEntries(details) as Omit<TicketEdit, 'title' | 'price'>),
  };
}

/** The validated body of a new ticket: the details given (a null one is as if left out). */
export function ticketFieldsOf(req: Request): TicketFields {
  const { title, price, ...details } = ticketEditOf(req);
  const given = Object.entries(details).filter(([, value]) => value !== null);
  return { title, price, ...(Object.fromEntries(given) as TicketDetails) };
}
