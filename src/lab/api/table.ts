/**
 * `Table` answers (meta.k8s.io/v1 or v1beta1) for clients that ask with
 * `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`, as kubectl ≥ 1.11 does for `get`.
 * Without them kubectl would print only NAME and AGE.
 */
import type { ApiObject } from './data-files.js';
import { PRINTERS } from './printers/index.js';
import type { ResourceInfo } from './resources.js';

/** What the client accepts, from the Accept header. */
export type ResponseFormat =
  | { readonly table: false }
  | { readonly table: true; readonly version: 'v1' | 'v1beta1' };

/** `includeObject` query parameter: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/**
 * Picks the first acceptable answer in the client's order: a Table (v1 or v1beta1) or plain JSON.
 * Anything we cannot produce (protobuf, other `as=`) is skipped; plain JSON is the fallback.
 */
export function negotiateFormat(accept: string | undefined): ResponseFormat {
  for (const entry of (accept ?? '').split(',')) {
    const [mediaType = '', ...params] = entry.split(';').map((s) => s.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim()) as [string, string]));
    if (mediaType !== 'application/json' && mediaType !== '*/*') continue;
    if (p.as === undefined) return { table: false };
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) {
      return { table: true, version: p.v };
    }
  }
  return { table: false };
}

/** A Table of the objects, every column filled (kubectl hides priority-1 columns unless -o wide). */
export function buildTable(
  info: ResourceInfo,
  items: readonly ApiObject[],
  options: {
    readonly version: 'v1' | 'v1beta1';
    readonly includeObject: IncludeObject;
    readonly now: number;
    readonly listMeta: Record<string, unknown>;
  },
): Record<string, unknown> {
  const printer = PRINTERS[info.plural];
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.listMeta,
    columnDefinitions: printer.columns,
    rows: items.map((obj) => ({
      cells: printer.cells(obj, options.now),
      ...rowObject(obj, options.includeObject, options.version),
    })),
  };
}

// kubectl needs each row's metadata (namespace for -A, labels for -L / --show-labels).
function rowObject(obj: ApiObject, include: IncludeObject, version: string): Record<string, unknown> {
  if (include === 'None') return {};
  if (include === 'Object') return { object: obj };
  return {
    object: {
      kind: 'PartialObjectMetadata',
      apiVersion: `meta.k8s.io/${version}`,
      metadata: obj.metadata ?? {},
    },
  };
}
