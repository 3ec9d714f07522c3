'use client';

import { useEffect, useState } from 'react';

/**
 * After a failed submit, moves focus to the first field (in the form's order) that shows an error,
 * so keyboard and screen reader users land on it with its message instead of on the page's body.
 * Call `failed()` whenever a submit fails; the focus moves once that field's error is rendered.
 */
export function useFocusFirstError(
  formId: string,
  fields: readonly string[],
  byField: Record<string, string>,
) {
  const [failures, setFailures] = useState(0);
  const firstInError = fields.find((field) => byField[field]);

  useEffect(() => {
    if (failures === 0 || !firstInError) return;
    document.getElementById(`${formId}-${firstInError}`)?.focus();
  }, [failures, firstInError, formId]);

  return { failed: () => setFailures((n) => n + 1) };
}
