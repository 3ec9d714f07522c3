import proxyAddr from 'proxy-addr';

/**
 * Express's `trust proxy` for a fixed chain of proxies: the request must come from one of `proxies`
 * (names such as `loopback`, addresses, CIDR ranges), and the chain appended exactly `hops` entries
 * to X-Forwarded-For, the first of them (the `hops`-th from the right) being the client's address.
 * Entries further left are the client's own say and never trusted, whatever their address (a
 * private hop it made up included).
 */
export function proxyTrust(
  proxies: string,
  hops: number,
): (address: string, hop: number) => boolean {
  const isProxy = proxyAddr.compile(
    proxies
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  );
  return (address, hop) => (hop === 0 ? isProxy(address, hop) : hop < hops);
}
