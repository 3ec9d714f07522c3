import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * The W3C trace context of one message: recorded in the event envelope (the outbox, and NATS
 * Streaming, which has no headers) and sent as NATS headers by JetStream.
 */
export interface TraceCarrier {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

const tracer = () => trace.getTracer('@ticketing/common');

function carrierOf(ctx = context.active()): TraceCarrier {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  const carrier: TraceCarrier = {};
  if (headers.traceparent) carrier.traceparent = headers.traceparent;
  if (headers.tracestate) carrier.tracestate = headers.tracestate;
  return carrier;
}

/** The context of the span running now; empty when tracing is off or nothing is traced. */
export const activeTraceCarrier = (): TraceCarrier => carrierOf();

const contextFrom = (carrier: TraceCarrier) =>
  propagation.extract(ROOT_CONTEXT, {
    ...(carrier.traceparent && { traceparent: carrier.traceparent }),
    ...(carrier.tracestate && { tracestate: carrier.tracestate }),
  });

const messagingAttributes = (subject: string, eventId: string) => ({
  'messaging.system': 'nats',
  'messaging.destination.name': subject,
  'messaging.message.id': eventId,
});

async function inSpan<T>(
  span: ReturnType<ReturnType<typeof tracer>['startSpan']>,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Sends one event in a producer span that continues the trace the event was recorded in (a relay
 * publishes long after, outside the request), and hands `send` that span's context to carry.
 */
export function tracePublish<T>(
  event: { id: string; subject: string } & TraceCarrier,
  send: (carrier: TraceCarrier) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(
    `publish ${event.subject}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        ...messagingAttributes(event.subject, event.id),
        'messaging.operation.type': 'send',
      },
    },
    contextFrom(event),
  );
  const spanContext = trace.setSpan(ROOT_CONTEXT, span);
  return context.with(spanContext, () => inSpan(span, () => send(carrierOf(spanContext))));
}

/** Runs `run` in a new span whose parent is the span `carrier` names (none: a new trace). */
function continueTrace<T>(
  name: string,
  attributes: Record<string, string>,
  carrier: TraceCarrier,
  run: () => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(
    name,
    { kind: SpanKind.CONSUMER, attributes },
    contextFrom(carrier),
  );
  return context.with(trace.setSpan(ROOT_CONTEXT, span), () => inSpan(span, run));
}

/**
 * Runs a listener's handler in a consumer span, the child of the producer span that sent the event,
 * so everything the handler does (its writes, the events it records) joins the same trace.
 */
export function traceProcess<T>(
  event: { id: string; subject: string },
  consumerGroup: string,
  carrier: TraceCarrier,
  handle: () => Promise<T>,
): Promise<T> {
  return continueTrace(
    `process ${event.subject}`,
    {
      ...messagingAttributes(event.subject, event.id),
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': consumerGroup,
    },
    carrier,
    handle,
  );
}

/**
 * Runs a job of a delayed-job queue in a consumer span, the child of the span that scheduled it
 * (`carrier`, saved with the job), so what the job does, minutes later, joins the trace that
 * caused it. A job saved without a carrier starts a trace of its own.
 */
export function traceJob<T>(
  job: { queue: string; id: string },
  carrier: TraceCarrier,
  run: () => Promise<T>,
): Promise<T> {
  return continueTrace(
    `process ${job.queue}`,
    {
      'messaging.system': 'bull',
      'messaging.destination.name': job.queue,
      'messaging.message.id': job.id,
      'messaging.operation.type': 'process',
    },
    carrier,
    run,
  );
}

/** Runs `work` outside whatever trace is active, e.g. a background loop nudged from a request. */
export const untraced = <T>(work: () => T): T => context.with(ROOT_CONTEXT, work);

/** `trace_id` and `span_id` of the active span, for log lines; none when nothing is traced. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
