import type { ApiErrorItem } from '@ticketing/common/api';

export interface SplitErrors {
  /** The first message per field the form shows, keyed by field name. */
  byField: Record<string, string>;
  /** Messages for no field, or for a field this form does not have. */
  general: string[];
}

/** Sorts the API's errors into the ones shown beside a field and the ones shown above the button. */
export function splitErrors(errors: ApiErrorItem[], fields: readonly string[]): SplitErrors {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const { message, field } of errors) {
    if (field && fields.includes(field)) {
      byField[field] ??= message;
    } else if (!general.includes(message)) {
      general.push(message);
    }
  }
  return { byField, general };
}
