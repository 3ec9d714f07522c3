import 'server-only';
import { z } from 'zod';

const optional = (value: unknown) => (value === '' ? undefined : value);

/**
 * The website's settings, read from the environment of the Next.js server at request time (never
 * inlined at build time), so one image runs in every environment.
 */
export const clientConfigSchema = z.object({
  API_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:8080')
    .describe(
      'Base URL the server calls the APIs through: the gateway locally, its in-cluster address in Kubernetes',
    ),
  STRIPE_PUBLISHABLE_KEY: z.preprocess(
    optional,
    z
      .string()
      .regex(/^pk_(test|live)_\w+$/, 'must be a Stripe publishable key (pk_test_… or pk_live_…)')
      .optional()
      .describe(
        "Stripe's publishable key; when unset, the payment form offers the test provider's cards",
      ),
  ),
});

export type ClientConfig = z.infer<typeof clientConfigSchema>;

/** Throws one message naming every bad variable; the error boundary shows a generic page meanwhile. */
export function loadClientConfig(
  env: Record<string, string | undefined> = process.env,
): ClientConfig {
  const result = clientConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    );
    throw new Error(`Invalid client configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
