import type { CheckDefinition } from './types.js';

/** The one way to declare a check (DESIGN.md §6). Identity function, for types and grep. */
export function defineCheck(def: CheckDefinition): CheckDefinition {
  return def;
}
