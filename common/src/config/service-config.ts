import { z } from 'zod';
import { parseSessionPublicKeys, parseSessionSigningKey } from '../http/session-keys';
import { DEFAULT_EVENT_CONCURRENCY } from '../bus/ordered-consumption';
import { DEFAULT_OUTBOX_SWEEP_INTERVAL_MS } from '../outbox/outbox-relay';
import { envBoolean, envInt, envPort } from './load-config';

/** What every HTTP service reads: where it listens, how it logs and how long it may take to stop. */
export const serviceConfigShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: envPort(3000).describe('HTTP port'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, { min: 100 }).describe(
    'How long a graceful stop may take before the process exits anyway',
  ),
  TRUST_PROXY: z
    .string()
    .default('loopback, linklocal, uniquelocal')
    .describe(
      'Addresses the proxy in front of the service connects from (the gateway, the in-cluster router)',
    ),
  TRUST_PROXY_HOPS: envInt(1, { min: 1, max: 10 }).describe(
    "X-Forwarded-For entries that proxy's chain appends, the first being the client (2 behind Google's load balancer)",
  ),
};

/** Reads a key setting with `parse`, so a bad key stops the service at start with one line. */
export const keySetting = <T>(parse: (value: string) => T) =>
  z.string().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
      return z.NEVER;
    }
  });

/** The signed-in session: an ES256 JWT in the session cookie, checked with auth's public keys. */
export const sessionConfigShape = {
  SESSION_PUBLIC_KEYS: keySetting(parseSessionPublicKeys).describe(
    'JWK Set {"keys":[…]} of the EC P-256 public keys session tokens may be signed with; during a rotation, the old and the new',
  ),
  COOKIE_SECURE: envBoolean(true).describe(
    'Send the session cookie over HTTPS only; set false only for local plain-HTTP use',
  ),
  SESSION_TTL_SECONDS: envInt(24 * 60 * 60, { min: 1 }).describe('Session token lifetime'),
};

/** What auth alone reads: the private key it signs session tokens with. */
export const sessionSigningConfigShape = {
  SESSION_SIGNING_KEY: keySetting(parseSessionSigningKey).describe(
    'EC P-256 private JWK that auth signs session tokens with; its public part must be in SESSION_PUBLIC_KEYS',
  ),
};

export const mongoConfigShape = {
  MONGO_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI')
    .describe("The service's own MongoDB database"),
};

export const eventBusConfigShape = {
  EVENT_BUS: z.enum(['jetstream', 'stan']).default('jetstream'),
  NATS_URL: z.string().min(1).describe('nats://host:port of NATS (JetStream) or NATS Streaming'),
  NATS_USER: z
    .string()
    .min(1)
    .optional()
    .describe("The service's own NATS user: the server lets it publish only its own subjects"),
  NATS_PASSWORD: z.string().min(1).optional().describe("NATS_USER's password (a Secret)"),
  NATS_CLUSTER_ID: z
    .string()
    .default('ticketing')
    .describe('NATS Streaming cluster id (stan only)'),
  NATS_CLIENT_ID: z
    .string()
    .optional()
    .describe(
      'NATS Streaming client id; defaults to the host name, unique per replica (stan only)',
    ),
  STAN_MONITOR_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      "NATS Streaming's monitoring endpoint (http://host:PORT of its -m PORT): when set, each consumer's backlog is read from it for ticketing_consumer_pending_messages (stan only)",
    ),
  NATS_CONNECT_TIMEOUT_MS: envInt(30_000, { min: 100 }).describe(
    'JetStream: how long a starting service waits for NATS before it gives up (exits 1); NATS restarting or briefly away is waited for, not a crash',
  ),
  EVENT_ACK_WAIT_MS: envInt(30_000, { min: 100 }).describe(
    'How long a delivered event may stay unacknowledged before it is redelivered',
  ),
  EVENT_MAX_DELIVERIES: envInt(10, { min: 1 }).describe(
    'Deliveries of one event before it is moved to the dead-letter subject',
  ),
  EVENT_RETRY_DELAY_MS: envInt(1_000, { min: 0 }).describe(
    'First redelivery delay after a failed handler; doubles on each retry, capped at the ack wait',
  ),
  EVENT_CONCURRENCY: envInt(DEFAULT_EVENT_CONCURRENCY, { min: 1, max: 256 }).describe(
    'Events of one subject a service handles at once: those of one aggregate (a ticket, an order) still one after another, in order',
  ),
  EVENT_STREAM_REPLICAS: envInt(1, { min: 1, max: 5 }).describe(
    'JetStream: servers that keep a copy of the event stream (3 on a three-server cluster, so losing one loses nothing)',
  ),
};

export const outboxConfigShape = {
  OUTBOX_POLL_INTERVAL_MS: envInt(1_000, { min: 10 }).describe(
    'How soon the outbox relay tries again while events wait (the bus away, a publish failed); doubles per failure',
  ),
  OUTBOX_SWEEP_INTERVAL_MS: envInt(DEFAULT_OUTBOX_SWEEP_INTERVAL_MS, { min: 100 }).describe(
    'How often the outbox relay looks for events no write announced (a process that died after its write); writes publish at once',
  ),
};

/**
 * Everything a service reads that serves signed-in users from its own MongoDB database and publishes
 * its events through the outbox (tickets, orders, payments).
 */
export const outboxServiceConfigShape = {
  ...serviceConfigShape,
  ...sessionConfigShape,
  ...mongoConfigShape,
  ...eventBusConfigShape,
  ...outboxConfigShape,
};
