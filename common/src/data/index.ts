export * from './mongo';
export * from './version-conflict';
export * from './versioned-copy';
