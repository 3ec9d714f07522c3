import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { loadConfig, proxyTrust, serviceConfigShape } from '@ticketing/common';
import { z } from 'zod';
import { workloads } from './objects';
import { containerEnvironment } from './policies/environment';
import { renderPristine } from './test/broken';

// The address auth rate-limits by, as each environment's proxies hand it over. The shapes of the
// requests are those the proxies write: Google's external Application Load Balancer appends
// `<client>, <load balancer>`; Envoy Gateway appends the address it saw; the in-cluster API router
// (nginx) appends the website server's pod.

const pristine = renderPristine();

/** The client address auth computes for a connection from `peer` carrying `forwardedFor`. */
function clientAddressIn(overlay: 'dev' | 'gke', peer: string, forwardedFor?: string): string {
  const auth = workloads(pristine[overlay]).find((w) => w.name === 'auth')!;
  const env = containerEnvironment(pristine[overlay], auth, auth.containers[0]!).values;
  const config = loadConfig(z.object(serviceConfigShape), Object.fromEntries(env));
  const request = {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
  return proxyAddr(request, proxyTrust(config.TRUST_PROXY, config.TRUST_PROXY_HOPS));
}

const GOOGLE_FRONT_END = '35.191.12.34';
const LOAD_BALANCER = '34.149.1.2';

describe('the client address each environment gives auth', () => {
  it("when Google's load balancer forwards a request on GKE, then auth sees the client, not the load balancer", () => {
    expect(clientAddressIn('gke', GOOGLE_FRONT_END, `198.51.100.7, ${LOAD_BALANCER}`)).toBe(
      '198.51.100.7',
    );
  });

  it('when a client on GKE sends its own X-Forwarded-For, then auth still sees its real address', () => {
    expect(
      clientAddressIn(
        'gke',
        GOOGLE_FRONT_END,
        `203.0.113.1, 10.0.0.9, 198.51.100.7, ${LOAD_BALANCER}`,
      ),
    ).toBe('198.51.100.7');
  });

  it('when a request on GKE comes straight from an address that is no proxy, then its X-Forwarded-For is ignored', () => {
    expect(clientAddressIn('gke', '198.51.100.66', `203.0.113.1, ${LOAD_BALANCER}`)).toBe(
      '198.51.100.66',
    );
  });

  it("when the website's server calls through the in-cluster router on GKE, then auth sees the website's pod", () => {
    expect(clientAddressIn('gke', '10.8.1.20', '10.8.2.30')).toBe('10.8.2.30');
  });

  it("when a client on a local cluster adds a private hop in front of the gateway's entry, then auth sees the gateway's entry", () => {
    expect(clientAddressIn('dev', '10.244.0.5', '203.0.113.1, 10.0.0.9, 172.18.0.1')).toBe(
      '172.18.0.1',
    );
  });
});
