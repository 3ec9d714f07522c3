import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, startNats, type RunningServer } from '@ticketing/local-servers';
import { waitFor } from '../testing/wait-for';
import { Subjects } from '../events/catalogue';
import { createEnvelope } from '../events/envelope';
import type { EventBus } from './event-bus';
import { PLATFORM_STREAM } from './jetstream-bus';
import { connectBus, RecordingListener, ticketData } from './test/bus-fixtures';

// Three nats-server processes on loopback forming one JetStream cluster, as in the GKE overlay.
type ClusterNode = RunningServer & { name: string };

async function startCluster(size: number): Promise<ClusterNode[]> {
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = routePorts.map((port) => `nats://127.0.0.1:${port}`);
  return Promise.all(
    routePorts.map(async (routePort, i) => {
      const name = `n${i}`;
      const cluster = { name: 'ticketing-test', serverName: name, routePort, routes };
      return { name, ...(await startNats({ cluster })) };
    }),
  );
}

describe('the JetStream stream on a NATS cluster', () => {
  let nodes: ClusterNode[];
  const buses: EventBus[] = [];
  beforeAll(async () => {
    nodes = await startCluster(3);
  });
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await Promise.all(nodes.map((node) => node.stop()));
  });

  /** Connects once the cluster has elected its JetStream leader (a few seconds after start). */
  const connectTo = async (url: string, replicas: number) => {
    const bus = await waitFor(
      () => connectBus('jetstream', { NATS_URL: url, EVENT_STREAM_REPLICAS: replicas }),
      { timeoutMs: 20_000, what: 'the JetStream cluster to take the stream' },
    );
    buses.push(bus);
    return bus;
  };

  /** Waits until the servers have copied the stream and it has a leader (they do both in the background). */
  const untilThreeCopies = (url: string) =>
    waitFor(
      async () => {
        const replicas = await streamReplicas(url);
        const settled = replicas.leader !== undefined && replicas.copies === 3;
        return replicas.configured === 3 && settled && replicas;
      },
      { timeoutMs: 20_000, what: 'three current copies of the stream' },
    );

  const streamReplicas = async (url: string) => {
    const nc = await connect({ servers: url });
    try {
      const info = await (await jetstreamManager(nc)).streams.info(PLATFORM_STREAM.name);
      // The servers holding a current copy: the leader and its caught-up followers.
      const holders = new Set([
        info.cluster?.leader,
        ...(info.cluster?.replicas ?? []).filter((r) => r.current).map((r) => r.name),
      ]);
      holders.delete(undefined);
      return {
        configured: info.config.num_replicas,
        copies: holders.size,
        leader: info.cluster?.leader,
      };
    } finally {
      await nc.close();
    }
  };

  it('when a service asks for 3 copies of a stream made with 1, then the stream is kept on 3 servers', async () => {
    const [first, second] = nodes as [ClusterNode, ClusterNode, ClusterNode];
    await connectTo(first.url, 1);
    expect(await streamReplicas(first.url)).toMatchObject({ configured: 1, copies: 1 });

    await connectTo(second.url, 3);

    await untilThreeCopies(second.url);
  }, 60_000);

  it('when the server leading the stream stops, then events are still published and delivered', async () => {
    const entry = nodes[0]!;
    const publisher = await connectTo(entry.url, 3);
    const subscriber = await connectTo(entry.url, 3);
    const listener = new RecordingListener();
    await subscriber.listen(listener);
    const { leader } = await untilThreeCopies(entry.url);
    // Clients move to the servers left (the connection knows the cluster's other addresses).
    await nodes.find((node) => node.name === leader)!.stop();
    const data = ticketData();
    const envelope = createEnvelope(Subjects.TicketCreated, data);
    await waitFor(() => publisher.publish(envelope).then(() => true), {
      timeoutMs: 20_000,
      what: 'a publish with one server down',
    });

    await waitFor(() => listener.handledOf([data.id]).length === 1, { timeoutMs: 20_000 });
  }, 60_000);
});
