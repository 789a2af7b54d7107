/** An API list file's content (`{ items: [...] }` as the REST API returns it, or a bare array). */
import type { ApiList } from '../../artifacts/types.js';

/** The items of a list document, or undefined when `doc` is not a list. */
export function listItems(doc: unknown): readonly unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  if (typeof doc === 'object' && doc !== null) {
    const items = (doc as { items?: unknown }).items;
    if (Array.isArray(items)) return items;
    if (items === null) return []; // `oc get x -o yaml` with no objects prints `items: []`, some versions `null`
  }
  return undefined;
}

/** A list read whole, or of `namespaces` only (`collect -n`). */
export function okList(items: readonly unknown[], namespaces?: readonly string[]): ApiList {
  return namespaces ? { ok: true, items, namespaces } : { ok: true, items };
}

export function failedList(error: string, status?: number): ApiList {
  return status === undefined ? { ok: false, error } : { ok: false, error, status };
}
