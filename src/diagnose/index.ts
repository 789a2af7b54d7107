/** `diagnose` as a library (issue 4). */
export { diagnose } from './walk.js';
export type { DiagnoseInput, ApiReader } from './context.js';
export type * from './types.js';
export { toJson, renderText, verdictLines, SCHEMA_VERSION } from './render.js';
export { createProgress } from './progress.js';
export { rootCauses, dedupe, explainedBy, type Candidate } from './root-cause.js';
