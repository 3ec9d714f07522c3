import { requireGoBuiltBinary } from './binaries';
import { ManagedProcess } from './managed-process';
import { LOOPBACK, portFromLine, type LaunchOptions, type RunningServer } from './server';

const STRIPE_MOCK_LISTENING = /Listening for HTTP at address: \S+:(\d+)/;

/** stripe-mock serving plain HTTP on 127.0.0.1; url `http://127.0.0.1:PORT`. */
export async function startStripeMock(opts: LaunchOptions = {}): Promise<RunningServer> {
  const binary = await requireGoBuiltBinary('stripe-mock');
  const server = new ManagedProcess(
    {
      name: 'stripe-mock',
      command: binary,
      // -http-addr 127.0.0.1:0 lets it pick a free loopback port and print it. The
      // -https-addr is needed too: with only -http-addr, stripe-mock also opens HTTPS
      // on the fixed port 12112 on all interfaces (and -http conflicts with -http-addr).
      args: ['-http-addr', `${LOOPBACK}:0`, '-https-addr', `${LOOPBACK}:0`],
      ready: { line: (line) => portFromLine(STRIPE_MOCK_LISTENING, line) },
    },
    opts.hooks,
  );
  const port = await server.start();
  return { url: `http://${LOOPBACK}:${port}`, processes: [server], stop: () => server.stop() };
}
