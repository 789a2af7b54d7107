/** Text helpers shared by the renderers. */
import type { Finding, Severity } from '../checks/types.js';

/** Excerpts are one line of cluster output: the shared sanitiser (control characters escaped). */
export { terminalSafe as cleanExcerpt } from './sanitize.js';

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
