/** The model stage: types, the fault catalogue, and buildModel (DESIGN.md §2–3). */
export type * from './types.js';
export * from './faults.js';
export { buildModel, type BuiltModel } from './build.js';
export { ovsVersionNote } from './build/ovs-note.js';
