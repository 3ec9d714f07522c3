/** The platform's processes, and how the gateway routes to them: the same table as the cluster's routes. */
export interface ServiceDefinition {
  name: 'auth' | 'tickets' | 'orders' | 'expiration' | 'payments' | 'catalog';
  /** Path prefix the gateway sends to this service; none for services without a public API. */
  routePrefix?: string;
  /** Whether it owns a MongoDB database (each gets its own, as each has its own server in the cluster). */
  ownsDatabase: boolean;
  usesRedis: boolean;
}

export const SERVICES: ServiceDefinition[] = [
  { name: 'auth', routePrefix: '/api/users', ownsDatabase: true, usesRedis: true },
  { name: 'tickets', routePrefix: '/api/tickets', ownsDatabase: true, usesRedis: false },
  { name: 'orders', routePrefix: '/api/orders', ownsDatabase: true, usesRedis: false },
  { name: 'expiration', ownsDatabase: false, usesRedis: true },
  { name: 'payments', routePrefix: '/api/payments', ownsDatabase: true, usesRedis: false },
  { name: 'catalog', routePrefix: '/api/catalog', ownsDatabase: true, usesRedis: false },
];

export type ServiceName = ServiceDefinition['name'];
