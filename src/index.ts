/** sdn-doctor as a library: the pipeline stages (DESIGN.md §2). The CLI is one client of it. */
export * from './artifacts/index.js';
export * from './parsers/index.js';
export * from './i18n/index.js';
export type * from './model/types.js';
export * from './model/faults.js';
export type * from './checks/types.js';
export { defineCheck } from './checks/define.js';
