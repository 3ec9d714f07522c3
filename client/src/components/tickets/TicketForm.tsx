'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorMessages } from '@/components/ui/ErrorMessages';
import { Field } from '@/components/ui/Field';
import { SubmitButton } from '@/components/ui/SubmitButton';
import { useSubmission } from '@/components/ui/use-submission';
import { callApi } from '@/lib/api/browser';
import type { Ticket } from '@ticketing/common/api';
import { parsePrice } from '@/lib/format';
import styles from './TicketForm.module.css';

const FIELDS = ['title', 'price'] as const;

/** Selling a new ticket, or (given `ticket`) editing one the user sells. */
export function TicketForm({ ticket }: { ticket?: Pick<Ticket, 'id' | 'title' | 'price'> }) {
  const router = useRouter();
  const { pending, errors, setErrors, submit } = useSubmission(FIELDS);
  const [price, setPrice] = useState(ticket ? ticket.price.toFixed(2) : '');
  const editing = ticket !== undefined;

  function normalisePrice() {
    const parsed = parsePrice(price);
    if (parsed !== null) setPrice(parsed.toFixed(2));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget).get('title')).trim();
    const parsedPrice = parsePrice(price);
    if (parsedPrice === null) {
      setErrors([{ field: 'price', message: 'Enter a price in dollars, like 25 or 19.99' }]);
      return;
    }
    setPrice(parsedPrice.toFixed(2));
    submit(async () => {
      const body = { title, price: parsedPrice };
      const result = editing
        ? await callApi<Ticket>('PUT', `/api/tickets/${ticket.id}`, body)
        : await callApi<Ticket>('POST', '/api/tickets', body);
      if (!result.ok) return result.errors;
      router.push(`/tickets/${result.data.id}`);
      router.refresh();
    });
  }

  const formId = editing ? 'edit-ticket' : 'new-ticket';
  return (
    <form
      className={`form ${styles.form}`}
      onSubmit={onSubmit}
      noValidate
      aria-label={editing ? 'Edit ticket' : 'Sell a ticket'}
    >
      <Field
        formId={formId}
        name="title"
        label="Title"
        defaultValue={ticket?.title}
        placeholder="e.g. Concert — Saturday, row F"
        maxLength={120}
        required
        error={errors.byField.title}
      />
      <Field
        formId={formId}
        name="price"
        label="Price (USD)"
        inputMode="decimal"
        value={price}
        onChange={(event) => setPrice(event.target.value)}
        onBlur={normalisePrice}
        placeholder="0.00"
        required
        error={errors.byField.price}
      />
      <ErrorMessages messages={errors.general} />
      <SubmitButton pending={pending} pendingLabel={editing ? 'Saving…' : 'Listing…'}>
        {editing ? 'Save changes' : 'List ticket'}
      </SubmitButton>
    </form>
  );
}
