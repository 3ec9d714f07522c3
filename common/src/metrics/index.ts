export * from './service-metrics';
export * from './http-metrics';
