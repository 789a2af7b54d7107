/**
 * A bench part run in a process of its own (so that its peak RSS and its heap are its own): the
 * script under tsx, `nodeFlags` before it, its last stdout line read as JSON. Under bench/lib/ so
 * that `npm run bench` does not take it for a benchmark.
 */
import { spawnSync } from 'node:child_process';

export type ChildResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

export function runJsonChild<T>(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): ChildResult<T> {
  const child = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{'))
    return { ok: false, error: child.stderr.slice(0, 500) || `exit ${child.status ?? child.signal}` };
  return { ok: true, value: JSON.parse(line) as T };
}
