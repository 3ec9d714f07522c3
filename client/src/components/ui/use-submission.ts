'use client';

import { useCallback, useRef, useState } from 'react';
import type { ApiErrorItem } from '@ticketing/common/api';
import { splitErrors, type SplitErrors } from './form-errors';

/**
 * The state every form shares: whether its request is running and the errors of the last
 * attempt. The action returns the errors to show, or nothing on success. On success the form
 * stays pending, because every successful form here navigates away and must not be submitted
 * again meanwhile. A second call while one runs is ignored (a fast double click beats `disabled`).
 */
export function useSubmission(fields: readonly string[]) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<ApiErrorItem[]>([]);
  const running = useRef(false);

  const submit = useCallback(async (action: () => Promise<ApiErrorItem[] | void>) => {
    if (running.current) return;
    running.current = true;
    setPending(true);
    setErrors([]);
    let failed: ApiErrorItem[] | void = [{ message: 'Something went wrong. Please try again.' }];
    try {
      failed = await action();
    } finally {
      if (failed && failed.length > 0) {
        setErrors(failed);
        running.current = false;
        setPending(false);
      }
    }
  }, []);

  const split: SplitErrors = splitErrors(errors, fields);
  return { pending, errors: split, setErrors, submit };
}
