/**
 * Fault hooks of the lab API, for tests of "an API that answers 403/500 or times out".
 * A control file `<dataDir>/_faults.json` maps a resource plural (or `*` for every resource) to
 * what its list/get requests do:
 *
 * ```json
 * { "hostsubnets": { "status": 403 }, "pods": { "delayMs": 10000 }, "*": { "status": 500, "message": "etcd down" } }
 * ```
 *
 * - `status`: answer with that HTTP code and a real-looking Status object (403 worded like RBAC).
 * - `delayMs`: wait that long before answering (then answer normally, or with `status`).
 * - `message`: the Status message for codes other than 403.
 *
 * The key `pods/exec` is for exec (the upgrade request and its WebSocket), with two more:
 * - `hang`: accept the WebSocket and never answer (an exec that hangs on the node);
 * - `dropMidStream`: send part of the output, then cut the connection (no final Status);
 * - `nodes`: only execs into pods on these nodes (default: every node).
 *
 * The file is read on every request, like the data files: writing or deleting it takes effect at
 * once. Discovery documents are not affected (a real RBAC denial leaves discovery readable).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the hooks ask for one request. */
export interface FaultHook {
  readonly status?: number;
  readonly delayMs?: number;
  readonly message?: string;
  readonly hang?: boolean;
  readonly dropMidStream?: boolean;
  readonly nodes?: readonly string[];
}

/** Name of the control file inside the data directory. */
export const FAULTS_FILE = '_faults.json';

/**
 * The hook for a resource: its own entry, else the `*` entry, else none. A missing or malformed
 * file means no faults (a bad control file must not take the lab API down).
 */
export function faultHookFor(dataDir: string, plural: string): FaultHook | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, FAULTS_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const table = parsed as Record<string, unknown>;
  return toHook(table[plural]) ?? toHook(table['*']);
}

function toHook(value: unknown): FaultHook | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const status = typeof v.status === 'number' && v.status >= 400 && v.status < 600 ? v.status : undefined;
  const delayMs = typeof v.delayMs === 'number' && v.delayMs > 0 ? v.delayMs : undefined;
  const message = typeof v.message === 'string' ? v.message : undefined;
  const hang = v.hang === true ? true : undefined;
  const dropMidStream = v.dropMidStream === true ? true : undefined;
  const nodes = Array.isArray(v.nodes)
    ? v.nodes.filter((n): n is string => typeof n === 'string')
    : undefined;
  if (status === undefined && delayMs === undefined && !hang && !dropMidStream) return undefined;
  return {
    status,
    delayMs,
    message,
    ...(hang ? { hang } : {}),
    ...(dropMidStream ? { dropMidStream } : {}),
    ...(nodes ? { nodes } : {}),
  };
}
