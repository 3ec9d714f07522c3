import { generateSessionKeys } from '@ticketing/common';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { requiredKeys, type ConfigSchema } from '../config-schemas';
import {
  describe,
  named,
  workloads,
  type ConfigMap,
  type K8sObject,
  type Secret,
  type Workload,
} from '../objects';
import type { Problems } from '../problems';

/** The environment a container gets, resolved through the rendered ConfigMaps and Secrets. */
export interface ContainerEnvironment {
  names: Set<string>;
  /** Variables whose values come from Secrets (unknown here). */
  fromSecrets: Set<string>;
  /** Literal values (from `value` and ConfigMaps), for reading the URLs of dependencies. */
  values: Map<string, string>;
  problems: Problems;
}

export function containerEnvironment(
  objects: K8sObject[],
  workload: Workload,
  container: IContainer,
): ContainerEnvironment {
  const names = new Set<string>();
  const fromSecrets = new Set<string>();
  const values = new Map<string, string>();
  const problems: Problems = [];
  const where = `${describe(workload.object)} container ${container.name}`;
  const configMap = (name: string) => named<ConfigMap>(objects, 'ConfigMap', name);
  const secret = (name: string) => named<Secret>(objects, 'Secret', name);

  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const found = configMap(source.configMapRef.name ?? '');
      if (!found) {
        if (!source.configMapRef.optional)
          problems.push(`${where}: no ConfigMap ${source.configMapRef.name}`);
        continue;
      }
      for (const [key, value] of Object.entries(found.data ?? {})) {
        names.add(key);
        values.set(key, value);
      }
    }
    if (source.secretRef) {
      // Only a rendered Secret shows its keys; take single keys (secretKeyRef) instead.
      const found = secret(source.secretRef.name ?? '');
      if (!found)
        problems.push(`${where}: envFrom Secret ${source.secretRef.name} cannot be checked`);
      else {
        for (const key of Object.keys({ ...found.data, ...found.stringData })) {
          names.add(key);
          fromSecrets.add(key);
        }
      }
    }
  }
  for (const variable of container.env ?? []) {
    const { secretKeyRef, configMapKeyRef } = variable.valueFrom ?? {};
    if (variable.value !== undefined) values.set(variable.name, variable.value);
    if (configMapKeyRef) {
      const value = configMap(configMapKeyRef.name ?? '')?.data?.[configMapKeyRef.key];
      if (value === undefined && !configMapKeyRef.optional) {
        problems.push(
          `${where}: ${variable.name} refers to missing ConfigMap key ${configMapKeyRef.name}/${configMapKeyRef.key}`,
        );
        continue;
      }
      if (value !== undefined) values.set(variable.name, value);
    }
    // A Secret created in the cluster (GKE) is not rendered; a rendered one must hold the key.
    if (secretKeyRef) {
      const found = secret(secretKeyRef.name ?? '');
      const keys = found ? Object.keys({ ...found.data, ...found.stringData }) : [];
      if (found && !keys.includes(secretKeyRef.key) && !secretKeyRef.optional) {
        problems.push(
          `${where}: ${variable.name} refers to missing Secret key ${secretKeyRef.name}/${secretKeyRef.key}`,
        );
        continue;
      }
      fromSecrets.add(variable.name);
    }
    names.add(variable.name);
  }
  return { names, fromSecrets, values, problems };
}

export interface EnvironmentExpectation {
  /** The Deployment (and its container) of the app. */
  workload: string;
  schema: ConfigSchema;
  /** Variables read by the runtime rather than the app's schema (e.g. Next.js's HOSTNAME). */
  readByRuntime?: string[];
  /** NODE_ENV when the manifests do not set it: the production image's. */
  imageNodeEnv?: string;
}

/**
 * Stand in for Secrets' values: a real session key pair (the schemas read them as keys), and
 * otherwise a value long enough for key-length rules. A stand-in the schema rejected would hide the
 * checks that run on the whole config (e.g. payments' provider against NODE_ENV).
 */
const sessionKeyStandIns: Record<string, string> = generateSessionKeys();
const secretStandIn = (key: string) => sessionKeyStandIns[key] ?? 'x'.repeat(64);

/**
 * The manifests give the app every variable its config schema requires, no variable the schema
 * does not know (a misspelt name would silently fall back to the default), and values the schema
 * accepts (checked with the values from ConfigMaps; Secrets' values are not known here).
 */
/** Read by every app's tracing preload (common/src/tracing/register), not by its config schema. */
const READ_BY_TRACING = ['OTEL_EXPORTER_OTLP_ENDPOINT'];

export function environmentMatchesSchema(
  objects: K8sObject[],
  {
    workload: name,
    schema,
    readByRuntime = [],
    imageNodeEnv = 'production',
  }: EnvironmentExpectation,
): Problems {
  const workload = workloads(objects).find((candidate) => candidate.name === name);
  const container = workload?.containers.find((candidate) => candidate.name === name);
  if (!workload || !container) return [`no workload ${name} with a container ${name}`];
  const environment = containerEnvironment(objects, workload, container);
  // A variable another one refers to as $(NAME) is read by Kubernetes, which expands it there
  // (a password inside a URL).
  const expanded = [...environment.values.values()].flatMap((value) =>
    [...value.matchAll(/\$\((\w+)\)/g)].map((match) => match[1]!),
  );
  const known = new Set([
    ...Object.keys(schema.shape),
    ...READ_BY_TRACING,
    ...readByRuntime,
    ...expanded,
  ]);
  const env: Record<string, string> = {
    NODE_ENV: imageNodeEnv,
    ...Object.fromEntries(environment.values),
  };
  for (const key of requiredKeys(schema).filter((k) => environment.fromSecrets.has(k))) {
    env[key] = secretStandIn(key);
  }
  const missing = requiredKeys(schema).filter((key) => !environment.names.has(key));
  const rejected = (schema.safeParse(env).error?.issues ?? [])
    .filter((issue) => {
      const key = String(issue.path[0]);
      return !environment.fromSecrets.has(key) && !missing.includes(key);
    })
    .map(
      (issue) =>
        `${name}: ${issue.path.join('.') || '(environment)'} is rejected by its config schema: ${issue.message}`,
    );
  return [
    ...environment.problems,
    ...rejected,
    ...missing.map((key) => `${name}: ${key} is required by its config schema but not provided`),
    ...[...environment.names]
      .filter((key) => !known.has(key))
      .map((key) => `${name}: ${key} is provided but its config schema does not read it`),
  ];
}
