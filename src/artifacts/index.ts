export * from './types.js';
export * from './commands.js';
