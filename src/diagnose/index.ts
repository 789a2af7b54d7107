/** `diagnose` as a library: the CLI and the benches call the same walk. */
export { diagnose } from './walk.js';
export type { DiagnoseInput, ApiReader } from './context.js';
export type * from './types.js';
export { rootCauses, dedupe, explainedBy, type Candidate } from './root-cause.js';
