/**
 * The lab's API objects live in `<dataDir>/<plural>.json`, each a list in the REST shape
 * (`{"kind":"PodList","apiVersion":"v1","items":[…]}`). The lab writes them whenever the lab
 * changes (atomically: temp file + rename); the server reads them on every request, so the API
 * always shows the lab's current state, as a real cluster would after a change.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiResource } from '../../artifacts/types.js';
import { apiVersionOf, RESOURCES, type ResourceInfo } from './resources.js';

/** An API object as JSON (we only rely on `metadata`). */
export type ApiObject = Record<string, unknown> & { metadata?: Record<string, unknown> };

/** What one data file holds, or why it could not be read. */
export type StoredList =
  | { readonly ok: true; readonly items: readonly ApiObject[]; readonly resourceVersion: string }
  | { readonly ok: false; readonly error: string };

/** Path of a resource's data file. */
export function dataFilePath(dataDir: string, plural: string): string {
  return join(dataDir, `${plural}.json`);
}

/**
 * Reads a resource's objects. A missing file is an empty list (a cluster with none of them);
 * an unreadable one is an error the server answers with 500, never a crash.
 */
export function readStoredList(dataDir: string, info: ResourceInfo): StoredList {
  const file = dataFilePath(dataDir, info.plural);
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(file, 'utf8');
    mtimeMs = statSync(file).mtimeMs;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, items: [], resourceVersion: '1' };
    return { ok: false, error: `cannot read ${file}: ${(e as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${file} is not valid JSON: ${(e as Error).message}` };
  }
  const items = (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return { ok: false, error: `${file} has no "items" array` };
  const listMeta = (parsed as { metadata?: { resourceVersion?: unknown } }).metadata;
  // A list's resourceVersion changes whenever the lab rewrites the file: the mtime serves.
  const resourceVersion =
    typeof listMeta?.resourceVersion === 'string' ? listMeta.resourceVersion : String(Math.floor(mtimeMs));
  const objects = items.filter(isObject).map((item) => withTypeMeta(item, info));
  return { ok: true, items: objects, resourceVersion };
}

/** A resource's objects as the REST list the API serves (`{"kind":"PodList","apiVersion":"v1",…}`). */
export interface StoredListDocument<T = unknown> {
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata: { resourceVersion?: string };
  readonly items: readonly T[];
}

/** The list document of a resource, named and versioned from {@link RESOURCES}. */
export function listDocument<T>(
  plural: ApiResource,
  items: readonly T[],
  resourceVersion?: string,
): StoredListDocument<T> {
  const info = RESOURCES.find((r) => r.plural === plural);
  if (!info) throw new Error(`not a lab API resource: ${plural}`);
  return {
    kind: `${info.kind}List`,
    apiVersion: apiVersionOf(info),
    metadata: resourceVersion === undefined ? {} : { resourceVersion },
    items,
  };
}

/**
 * Writes a resource's objects as the server expects them (atomic rename, so a request never sees
 * half a file). For the lab (`lab up` and every fault that changes an object) and for tests.
 * Without a resourceVersion the server uses the file's mtime.
 */
export function writeStoredList(
  dataDir: string,
  plural: ApiResource,
  items: readonly unknown[],
  resourceVersion?: string,
): void {
  const list = listDocument(plural, items, resourceVersion);
  mkdirSync(dataDir, { recursive: true });
  const file = dataFilePath(dataDir, plural);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(list, null, 1));
  renameSync(temp, file);
}

/** Items as `kubectl get -o json` shows them: each with its own kind and apiVersion. */
function withTypeMeta(item: ApiObject, info: ResourceInfo): ApiObject {
  return { kind: info.kind, apiVersion: apiVersionOf(info), ...item };
}

function isObject(value: unknown): value is ApiObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `metadata.name` of an object ('' when missing). */
export function nameOf(obj: ApiObject): string {
  const name = obj.metadata?.name;
  return typeof name === 'string' ? name : '';
}

/** `metadata.namespace` of an object ('' when missing or cluster-scoped). */
export function namespaceOf(obj: ApiObject): string {
  const ns = obj.metadata?.namespace;
  return typeof ns === 'string' ? ns : '';
}
