import { z } from 'zod';

/**
 * The body of an answer, checked against its schema in the HTTP contract (`@ticketing/common/api`);
 * throws naming every mismatch and showing the body, so a test fails on any drift.
 */
export function expectContract<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new Error(
      `the answer breaks the contract:\n${z.prettifyError(result.error)}\nbody: ${JSON.stringify(body)}`,
    );
  }
  return result.data;
}
