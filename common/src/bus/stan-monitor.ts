/** What nats-streaming-server's monitoring tells of one channel and its subscriptions. */
interface ChannelState {
  last_seq: number;
  subscriptions?: { queue_name?: string; last_sent: number }[];
}

/** How long a scrape waits for the monitoring endpoint before leaving the gauge out. */
export const STAN_MONITOR_TIMEOUT_MS = 1_000;

/**
 * The backlog of a durable queue group on a channel: stored messages the server has not sent to
 * any member yet, from `/streaming/channelsz?channel=…&subs=1` of the server's monitoring port
 * (`-m`). Members share the group's position, so the most advanced one's `last_sent` is the group's.
 * Undefined when the channel has no such group (nothing subscribed yet); throws when the endpoint
 * cannot be read within the timeout.
 */
export async function readQueueGroupBacklog(
  monitorUrl: string,
  channel: string,
  { durableName, queueGroup }: { durableName: string; queueGroup: string },
  timeoutMs = STAN_MONITOR_TIMEOUT_MS,
): Promise<number | undefined> {
  const url = new URL(
    'streaming/channelsz',
    monitorUrl.endsWith('/') ? monitorUrl : `${monitorUrl}/`,
  );
  url.searchParams.set('channel', channel);
  url.searchParams.set('subs', '1');
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${url.pathname} answered ${res.status}: ${await res.text()}`);
  const state = (await res.json()) as ChannelState;
  // A durable queue subscription is listed under "<durable name>:<queue group>".
  const sent = (state.subscriptions ?? [])
    .filter((sub) => sub.queue_name === `${durableName}:${queueGroup}`)
    .map((sub) => sub.last_sent);
  if (sent.length === 0) return undefined;
  return Math.max(0, state.last_seq - Math.max(...sent));
}
