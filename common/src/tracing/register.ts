/**
 * The tracing preload: each service's `index.ts` imports it first, so the OpenTelemetry SDK patches
 * http, express, mongodb and ioredis before anything requires them. Without
 * OTEL_EXPORTER_OTLP_ENDPOINT it loads nothing: the API stays a no-op and tracing costs nothing.
 */
import { startTracing } from './sdk';

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) startTracing();
