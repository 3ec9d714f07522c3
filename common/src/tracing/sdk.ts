import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/** The service's name: OTEL_SERVICE_NAME, else its workspace package's (`@ticketing/orders` → `orders`). */
function serviceName(): string {
  if (process.env.OTEL_SERVICE_NAME) return process.env.OTEL_SERVICE_NAME;
  const entry = require.main?.filename;
  if (!entry) return 'unknown_service:node';
  const manifest = JSON.parse(
    readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'),
  ) as { name: string };
  return manifest.name.replace(/^@ticketing\//, '');
}

/**
 * Starts the SDK: spans of HTTP (server and client), Express routes, MongoDB and Redis commands,
 * exported over OTLP by the protocol OTEL_EXPORTER_OTLP_PROTOCOL names (http/protobuf by default,
 * http/json, grpc). Only traces: metrics are Prometheus's, and logs stay on stdout.
 */
export function startTracing(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK: Sdk } =
    require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { MongoDBInstrumentation } =
    require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb');
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new Sdk({
    serviceName: serviceName(),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would drown the traces of real requests.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
      }),
      // Routers and handlers; a span per middleware on every request would bury them.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new MongoDBInstrumentation(),
      new IORedisInstrumentation(),
    ],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
}

/** Sends the spans still buffered; called once the service has stopped, before the process exits. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
