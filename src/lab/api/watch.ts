/**
 * Watch (`?watch=true`, as `kubectl get -w` and informers use it): a stream of
 * `{"type":"ADDED|MODIFIED|DELETED","object":…}` lines. The data files are polled, so a change
 * the lab makes (a pod stopped by a fault, a HostSubnet edited) reaches watchers within
 * POLL_MS, as it would from a real API server.
 */
import { abortableSleep } from './abortable-sleep.js';
import { type ApiObject, nameOf, namespaceOf, readStoredList } from './data-files.js';
import { selectPage } from './list-query.js';
import type { ResourceInfo } from './resources.js';
import { buildTable, type IncludeObject, type ResponseFormat } from './table.js';

/** How often the data file is re-read while a watch is open. */
export const POLL_MS = 250;

/** A watch request, already checked (selectors parse, the data file reads). */
export interface WatchRequest {
  readonly dataDir: string;
  readonly info: ResourceInfo;
  readonly namespace: string | undefined;
  /** Selectors (limit/continue are ignored for a watch). */
  readonly query: URLSearchParams;
  readonly format: ResponseFormat;
  readonly includeObject: IncludeObject;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
type Entry = { readonly obj: ApiObject; readonly json: string };

/**
 * Opens a watch: streams events until `timeoutSeconds` (default 30 min) or until the client goes. Without a
 * resourceVersion (or with "0") the current objects come first as ADDED, like a real server;
 * with the resourceVersion of a list just read (kubectl get -w), only later changes come.
 */
export function openWatch(req: WatchRequest): WatchStream {
  // The starting state is taken now, before the answer's headers go out: a client that changes
  // the lab as soon as its watch is open must see that change as an event.
  const first = current(req);
  const fromVersion = req.query.get('resourceVersion') ?? '';
  // A client whose list is older than the data (the lab changed in between) gets the current
  // objects again rather than missing the change (a real server would answer 410 and make it relist).
  const replay = fromVersion === '' || fromVersion === '0' || fromVersion !== first.version;
  return (write, signal) => streamWatch(req, first.objects, replay, write, signal);
}

/** Writes events until the watch ends. */
export type WatchStream = (write: (line: string) => void, signal: AbortSignal) => Promise<void>;

async function streamWatch(
  req: WatchRequest,
  start: Map<string, Entry>,
  replay: boolean,
  write: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const timeoutSeconds = Number(req.query.get('timeoutSeconds') ?? '1800');
  const deadline =
    Date.now() + (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : 1800) * 1000;
  let known = new Map<string, Entry>();
  for (const [key, entry] of start) {
    if (replay) write(event(req, 'ADDED', entry.obj));
    known.set(key, entry);
  }
  while (!signal.aborted && Date.now() < deadline) {
    await abortableSleep(Math.min(POLL_MS, deadline - Date.now()), signal);
    if (signal.aborted) break;
    // Compared object by object every time: a list's resourceVersion may not change with its content.
    const next = current(req, known);
    for (const [key, entry] of next.objects) {
      const before = known.get(key);
      if (!before) write(event(req, 'ADDED', entry.obj));
      else if (before.json !== entry.json) write(event(req, 'MODIFIED', entry.obj));
    }
    for (const [key, entry] of known) if (!next.objects.has(key)) write(event(req, 'DELETED', entry.obj));
    known = next.objects;
  }
}

/** The selected objects now, keyed by namespace/name (an unreadable file keeps the last state). */
function current(
  req: WatchRequest,
  previous?: Map<string, Entry>,
): { version: string; objects: Map<string, Entry> } {
  const stored = readStoredList(req.dataDir, req.info);
  const objects = new Map<string, Entry>();
  if (!stored.ok) return { version: '', objects: previous ?? objects };
  const page = selectPage(req.info, stored.items, req.namespace, req.query);
  for (const obj of page.ok ? page.items : []) {
    objects.set(`${namespaceOf(obj)}/${nameOf(obj)}`, { obj, json: JSON.stringify(obj) });
  }
  return { version: stored.resourceVersion, objects };
}

function event(req: WatchRequest, type: EventType, obj: ApiObject): string {
  const object = req.format.table
    ? buildTable(req.info, [obj], {
        version: req.format.version,
        includeObject: req.includeObject,
        now: Date.now(),
        listMeta: {},
      })
    : obj;
  return JSON.stringify({ type, object });
}
