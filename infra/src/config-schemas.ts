import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, type App } from './repo';

/** The part of a zod object schema the checks read: its keys and whether each may be left unset. */
export interface ConfigSchema {
  shape: Record<string, { safeParse(value: unknown): { success: boolean } }>;
  safeParse(env: Record<string, string>): {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
}

export const configSchemaPath = (app: App) => path.join(repoRoot, app, 'src', 'config.ts');

/**
 * Loads `<app>ConfigSchema` from the app's own src/config.ts (under jest, which compiles it), so
 * the manifests are checked against what the code reads, not against a list kept beside them.
 * Undefined when the app has no config module.
 */
export function loadConfigSchema(app: App): ConfigSchema | undefined {
  const file = configSchemaPath(app);
  if (!existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is only known at run time
  const module = require(file) as Record<string, unknown>;
  const schema = module[`${app}ConfigSchema`] as ConfigSchema | undefined;
  if (schema === undefined || typeof schema.shape !== 'object') {
    throw new Error(`${file} does not export a zod object schema named ${app}ConfigSchema`);
  }
  return schema;
}

/** A key is required when the schema rejects it unset (no default, not optional). */
export function requiredKeys(schema: ConfigSchema): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
}
