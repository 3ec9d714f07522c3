export * from './http-server';
export * from './run-service';
