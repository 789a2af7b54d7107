/**
 * Where a write goes: the store reads the current objects, lets `planWrite` decide, and keeps the
 * change, one write at a time (etcd's serialisation). Two stores:
 * - the data files (default): the change is written into `<dataDir>/<plural>.json`, so readers and
 *   watchers see it at once (protocol tests, no lab);
 * - a lab's (`--exec lab:NAME`, src/lab/api-writes.ts): the change goes into the lab's state, the
 *   API files are rewritten from it, and the lab's SDN reprograms its nodes as openshift-sdn's would.
 */
import { type ApiObject, nameOf, namespaceOf, readStoredList, writeStoredList } from './data-files.js';
import type { WriteChange, WritePlan } from './object-writes.js';
import type { ResourceInfo } from './resources.js';
import { statusBody } from './status.js';

/** Plans a write on the current objects; the store passes the resourceVersion the write gets. */
export type Planner = (items: readonly ApiObject[], resourceVersion: string) => WritePlan;

export interface ObjectStore {
  /** Runs one write (never concurrently with another of this store) and keeps its change. */
  write(info: ResourceInfo, plan: Planner): Promise<WritePlan>;
}

/** The objects after a change (a put replaces the object of the same namespace/name, or adds it). */
export function withChange(items: readonly ApiObject[], change: WriteChange): ApiObject[] {
  const target = 'put' in change ? change.put : change.remove;
  const same = (o: ApiObject) => nameOf(o) === nameOf(target) && namespaceOf(o) === namespaceOf(target);
  const rest = items.filter((o) => !same(o));
  return 'put' in change ? [...rest, change.put] : rest;
}

/** The next resourceVersion after a list's and its objects' (numeric, as etcd's revisions). */
export function nextResourceVersion(listVersion: string, items: readonly ApiObject[]): string {
  const versions = [listVersion, ...items.map((o) => o.metadata?.resourceVersion)].map(Number);
  return String(Math.max(0, ...versions.filter(Number.isFinite)) + 1);
}

/** The data-file store: one write at a time in this process. */
export function createFileStore(dataDir: string): ObjectStore {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    write(info, plan) {
      const run = async (): Promise<WritePlan> => {
        const stored = readStoredList(dataDir, info);
        if (!stored.ok) return failed(stored.error);
        const version = nextResourceVersion(stored.resourceVersion, stored.items);
        const result = plan(stored.items, version);
        if (result.change) {
          // list items are stored without kind/apiVersion, as the lab writes them
          const items = withChange(stored.items, result.change).map(
            ({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest,
          );
          writeStoredList(dataDir, info.plural, items, version);
        }
        return result;
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function failed(error: string): WritePlan {
  const body = statusBody(500, `Internal error occurred: ${error}`, {});
  return { code: 500, body };
}
