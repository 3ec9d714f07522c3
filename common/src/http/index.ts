export * from './session';
export * from './session-keys';
export * from './middlewares';
export * from './error-handler';
export * from './health';
export * from './hardening';
export * from './create-app';
export * from './trust-proxy';
