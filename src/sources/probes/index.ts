export type * from './types.js';
export * from './native.js';
export * from './shell-probes.js';
export * from './vantage.js';
