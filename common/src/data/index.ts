export * from './mongo';
export * from './versioned-copy';
