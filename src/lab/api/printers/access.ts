/**
 * Tolerant readers for API objects held as plain JSON: the printers must print whatever the
 * data files hold (a missing field prints as the API server would print its zero value).
 */

/** A nested object, or an empty one. */
export function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** An array of objects, or an empty one. */
export function recs(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(rec) : [];
}

/** A string, or ''. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A number, or 0. */
export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** An array of strings, or an empty one. */
export function strs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Go's `%v` of a []string, as OpenShift prints egress lists: `[a b]`; '' when empty (4.x/3.11 `oc get`). */
export function goList(value: unknown): string {
  const list = strs(value);
  return list.length === 0 ? '' : `[${list.join(' ')}]`;
}

/** `a=b,c=d` sorted by key, `<none>` when empty (apimachinery labels.FormatLabels). */
export function formatLabels(value: unknown): string {
  const entries = Object.entries(rec(value)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${str(v)}`).join(',');
}
