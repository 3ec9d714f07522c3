'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { withNotice } from '@/components/layout/notices';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { Field, SelectField, TextAreaField } from '@/components/ui/Field';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { useFocusFirstError } from '@/components/ui/use-focus-first-error';
import { useHydrated } from '@/components/ui/use-hydrated';
import { useSubmission } from '@/components/ui/use-submission';
import { callApi } from '@/lib/api/browser';
import { TicketCategories, ticketLimits, type Ticket } from '@ticketing/common/api';
import { CATEGORY_LABELS } from '@/lib/ticket-details';
import {
  PRICE_HINT,
  TICKET_FORM_FIELDS,
  checkTicketForm,
  readPrice,
  toDateTimeLocal,
  type TicketFormValues,
} from '@/lib/ticket-form';
import styles from './TicketForm.module.css';

type EditableTicket = Pick<
  Ticket,
  | 'id'
  | 'title'
  | 'price'
  | 'eventAt'
  | 'venue'
  | 'city'
  | 'category'
  | 'section'
  | 'row'
  | 'seat'
  | 'description'
>;

const OPTIONAL_DETAILS = ['section', 'row', 'seat', 'description'] as const;

function valuesOf(form: HTMLFormElement): TicketFormValues {
  const data = new FormData(form);
  return Object.fromEntries(
    TICKET_FORM_FIELDS.map((name) => [name, String(data.get(name) ?? '')]),
  ) as unknown as TicketFormValues;
}

/**
 * Selling a new ticket, or (given `ticket`) editing one the user sells. Every field is checked
 * before sending, with the API's rules, and all errors show at once; the API's own refusals show
 * the same way. Focus moves to the first field in error.
 */
export function TicketForm({ ticket }: { ticket?: EditableTicket }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const { pending, errors, setErrors, submit } = useSubmission(TICKET_FORM_FIELDS);
  const [price, setPrice] = useState(ticket ? ticket.price.toFixed(2) : '');
  const editing = ticket !== undefined;
  const formId = editing ? 'edit-ticket' : 'new-ticket';
  const { failed } = useFocusFirstError(formId, TICKET_FORM_FIELDS, errors.byField);

  /** Shows whole cents once the price is valid (25 → 25.00); an invalid price stays as typed. */
  function showCents() {
    const read = readPrice(price);
    if ('price' in read) setPrice(read.price.toFixed(2));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkTicketForm(valuesOf(event.currentTarget));
    if (!checked.body) {
      setErrors(checked.errors);
      failed();
      return;
    }
    const { body } = checked;
    submit(async () => {
      // An edit clears an optional detail the seller emptied (left out, the API would keep it).
      const cleared = editing
        ? Object.fromEntries(
            OPTIONAL_DETAILS.filter((name) => ticket[name] && body[name] === undefined).map(
              (name) => [name, null],
            ),
          )
        : {};
      const result = editing
        ? await callApi<Ticket>('PUT', `/api/tickets/${ticket.id}`, { ...body, ...cleared })
        : await callApi<Ticket>('POST', '/api/tickets', body);
      if (!result.ok) {
        failed();
        return result.errors;
      }
      router.push(withNotice(`/tickets/${result.data.id}`, editing ? 'saved' : 'listed'));
      router.refresh();
    });
  }

  const field = (name: (typeof TICKET_FORM_FIELDS)[number]) => ({
    formId,
    name,
    error: errors.byField[name],
  });
  return (
    <form
      className={`form ${styles.form}`}
      onSubmit={onSubmit}
      noValidate
      aria-label={editing ? 'Edit ticket' : 'Sell a ticket'}
    >
      <p className="hint">Every field is required unless marked optional.</p>
      <Field
        {...field('title')}
        label="Title"
        defaultValue={ticket?.title}
        placeholder="e.g. The Lumineers — floor standing"
        hint={`Up to ${ticketLimits.titleMaxLength} characters.`}
        maxLength={ticketLimits.titleMaxLength}
        required
      />
      <Field
        {...field('price')}
        label="Price (USD)"
        inputMode="decimal"
        value={price}
        onChange={(event) => setPrice(event.target.value)}
        onBlur={showCents}
        placeholder="0.00"
        hint={PRICE_HINT}
        required
      />
      <Field
        {...field('eventAt')}
        // The value is in the visitor's time zone, which only the browser knows: the field is
        // filled in once the page runs there.
        key={hydrated ? 'local' : 'server'}
        label="Date and time"
        type="datetime-local"
        defaultValue={hydrated && ticket?.eventAt ? toDateTimeLocal(ticket.eventAt) : undefined}
        hint="In your time zone."
        required
      />
      <Field
        {...field('venue')}
        label="Venue"
        defaultValue={ticket?.venue}
        maxLength={ticketLimits.venueMaxLength}
        autoComplete="off"
        required
      />
      <Field
        {...field('city')}
        label="City"
        defaultValue={ticket?.city}
        maxLength={ticketLimits.cityMaxLength}
        autoComplete="address-level2"
        required
      />
      <SelectField
        {...field('category')}
        label="Category"
        defaultValue={ticket?.category ?? ''}
        required
      >
        <option value="">Choose a category</option>
        {TicketCategories.map((category) => (
          <option key={category} value={category}>
            {CATEGORY_LABELS[category]}
          </option>
        ))}
      </SelectField>
      <fieldset className={styles.seat}>
        <legend>Seat (optional)</legend>
        {(['section', 'row', 'seat'] as const).map((name) => (
          <Field
            key={name}
            {...field(name)}
            label={name.charAt(0).toUpperCase() + name.slice(1)}
            defaultValue={ticket?.[name]}
            maxLength={ticketLimits.seatPartMaxLength}
          />
        ))}
      </fieldset>
      <TextAreaField
        {...field('description')}
        label="Description (optional)"
        defaultValue={ticket?.description}
        rows={4}
        hint={`Anything a buyer should know. Up to ${ticketLimits.descriptionMaxLength} characters.`}
        maxLength={ticketLimits.descriptionMaxLength}
      />
      <ErrorMessages messages={errors.general} />
      <SubmitButton pending={pending} pendingLabel={editing ? 'Saving…' : 'Listing…'}>
        {editing ? 'Save changes' : 'List ticket'}
      </SubmitButton>
    </form>
  );
}
