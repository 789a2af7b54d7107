/**
 * `GET pods/<name>/log` as `kubectl logs` / `oc logs` read it: plain text, `container=`,
 * `tailLines=`, `sinceSeconds=`, `timestamps=true` (each line prefixed with its RFC 3339 time).
 */
import { badRequest, type StatusBody } from '../status.js';
import type { ExecBackend } from './backend.js';
import { resolvePodContainer } from './pod-target.js';

/** The log text (200) or the Status the API answers instead. */
export async function podLog(
  dataDir: string,
  backend: ExecBackend,
  namespace: string,
  name: string,
  query: URLSearchParams,
  now = Date.now(),
): Promise<{ code: 200; body: string } | StatusBody> {
  const resolved = resolvePodContainer(dataDir, namespace, name, query.get('container'));
  if ('kind' in resolved) return resolved;
  const tail = intParam(query, 'tailLines');
  const since = intParam(query, 'sinceSeconds');
  if (tail === null || since === null) return badRequest('tailLines and sinceSeconds must be integers');
  if (since !== undefined && since < 1)
    return badRequest('sinceSeconds: Invalid value: must be greater than 0');
  if (goBool(query.get('previous')))
    return badRequest(`previous terminated container "${resolved.container}" in pod "${name}" not found`);
  let lines = await backend.logs(resolved.pod, resolved.container);
  if (since !== undefined) lines = lines.filter((l) => l.time.getTime() >= now - since * 1000);
  if (tail !== undefined) lines = tail <= 0 ? [] : lines.slice(-tail);
  const stamped = goBool(query.get('timestamps'));
  return {
    code: 200,
    body: lines
      .map(
        (l) => `${stamped ? `${l.time.toISOString().replace(/\.(\d+)Z$/, '.$1000000Z')} ` : ''}${l.text}\n`,
      )
      .join(''),
  };
}

/** A boolean query parameter as Go's strconv.ParseBool reads it (python sends `True`). */
function goBool(value: string | null): boolean {
  return value !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** undefined when absent, null when not an integer. */
function intParam(query: URLSearchParams, key: string): number | undefined | null {
  const v = query.get(key);
  if (v === null) return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : null;
}
