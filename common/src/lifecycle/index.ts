export * from './http-server';
export * from './run-service';
export * from './outbox-runtime';
export * from './service';
