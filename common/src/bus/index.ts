export * from './event-bus';
export * from './listener';
export * from './publisher';
export * from './delivery';
export * from './follow';
export * from './jetstream-bus';
export * from './stan-bus';
export * from './create-event-bus';
