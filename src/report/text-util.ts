/** Text helpers shared by the renderers. */
import type { Finding, Severity } from '../checks/types.js';

/**
 * Excerpts come from cluster output: control characters (escape sequences, NULs, CRs) are removed
 * so they cannot move the cursor or recolour the terminal; tabs become spaces.
 */
export function cleanExcerpt(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

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
