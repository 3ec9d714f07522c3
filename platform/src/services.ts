/** The platform's processes, and how the gateway routes to them: the same table as the cluster's routes. */
export interface ServiceDefinition {
  name: 'auth' | 'tickets' | 'orders' | 'expiration' | 'payments' | 'catalog';
  /** Path prefix the gateway sends to this service; none for services without a public API. */
  routePrefix?: string;
  /** Whether it owns a MongoDB database (each gets its own, as each has its own server in the cluster). */
  ownsDatabase: boolean;
  usesRedis: boolean;
  /**
   * How long the runner waits for its first /readyz 200 before it counts a failed start (default
   * 60 s). The catalog answers 503 until it has built its memory from its database, which takes
   * longer as the catalog grows (as in the cluster, where only its readiness waits for it).
   */
  readyTimeoutMs?: number;
}

export const SERVICES: ServiceDefinition[] = [
  { name: 'auth', routePrefix: '/api/users', ownsDatabase: true, usesRedis: true },
  { name: 'tickets', routePrefix: '/api/tickets', ownsDatabase: true, usesRedis: false },
  { name: 'orders', routePrefix: '/api/orders', ownsDatabase: true, usesRedis: false },
  { name: 'expiration', ownsDatabase: false, usesRedis: true },
  { name: 'payments', routePrefix: '/api/payments', ownsDatabase: true, usesRedis: false },
  {
    name: 'catalog',
    routePrefix: '/api/catalog',
    ownsDatabase: true,
    usesRedis: false,
    readyTimeoutMs: 5 * 60_000,
  },
];

export type ServiceName = ServiceDefinition['name'];
