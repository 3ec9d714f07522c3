import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. One line, naming the variables. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against a schema whose keys are the environment variable names.
 * Each key's `.describe()` text documents it; the result is typed from the schema.
 */
export function loadConfig<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = env[name];
      return value === undefined || value === ''
        ? `${name} is required`
        : `${name} is invalid (${issue.message})`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/** Reads an environment variable of "true"/"false"/"1"/"0" as a boolean. */
export const envBoolean = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const envInt = (
  defaultValue: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
) => z.coerce.number().int().min(min).max(max).default(defaultValue);

export const envPort = (defaultValue: number) =>
  z.coerce.number().int().min(0).max(65535).default(defaultValue);

/** For a service's entry point: a bad environment ends the process with one line naming the problem. */
export function loadConfigOrExit<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
