/** `diagnose` as a library (issue 4). */
export { diagnose } from './walk.js';
export type { DiagnoseInput, ApiReader } from './context.js';
export type * from './types.js';
export { rootCauses, dedupe, explainedBy, type Candidate } from './root-cause.js';
