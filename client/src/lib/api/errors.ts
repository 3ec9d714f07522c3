import type { ApiErrorItem } from '@ticketing/common/api';

/** Reads the services' `{ errors: [{ message, field? }] }` body; anything else becomes one generic error. */
export async function readErrors(res: Response): Promise<ApiErrorItem[]> {
  const body: unknown = await res.json().catch(() => undefined);
  if (isErrorBody(body)) return body.errors;
  return [{ message: genericMessage(res.status) }];
}

function isErrorBody(body: unknown): body is { errors: ApiErrorItem[] } {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return false;
  const { errors } = body;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every(
      (e: unknown) =>
        typeof e === 'object' && e !== null && typeof (e as ApiErrorItem).message === 'string',
    )
  );
}

export function genericMessage(status: number): string {
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  if (status >= 500) return 'The service is unavailable right now. Please try again shortly.';
  return `The request failed (HTTP ${status}).`;
}
