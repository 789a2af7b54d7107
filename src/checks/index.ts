/** The passive checks (DESIGN.md §6): the registry, the runner, the declaration factory, the result types. */
export { ALL_CHECKS } from './rules/index.js';
export { runChecks, type CheckRunResult } from './run.js';
export { compareSections } from '../model/sections.js';
export { defineCheck } from './define.js';
export type * from './types.js';
export { analyzeSnapshot, analyzeModel, type AnalysisResult } from './analyze.js';
