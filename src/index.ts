/**
 * sdn-doctor as a library: the pipeline stages of DESIGN.md §2, in order. The CLI (src/cli) is
 * one client of these exports.
 */
// sources → artifacts
export * from './artifacts/index.js';
export { readBundle, writeBundle, BundleError } from './sources/bundle/index.js';
export { collectSnapshot } from './sources/collect.js';
export { readApiSnapshot } from './sources/live/api.js';
export { createNodeShell } from './sources/shells.js';
export type * from './sources/node-shell.js';
// parsers
export * from './parsers/index.js';
// model
export * from './model/index.js';
export type * from './model/types.js';
// analyses
export * as checks from './checks/index.js';
export { analyzeSnapshot, analyzeModel, runChecks, ALL_CHECKS, defineCheck } from './checks/index.js';
export type * from './checks/types.js';
export * as dataplane from './dataplane/index.js';
export { diagnose } from './diagnose/index.js';
// reports
export * as report from './report/index.js';
// i18n
export * from './i18n/index.js';
