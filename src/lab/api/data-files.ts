/**
 * The lab's API objects live in `<dataDir>/<plural>.json`, each a list in the REST shape
 * (`{"kind":"PodList","apiVersion":"v1","items":[…]}`). The lab writes them whenever the lab
 * changes (atomically: temp file + rename); the server reads them on every request, so the API
 * always shows the lab's current state, as a real cluster would after a change.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiVersionOf, RESOURCES, type ResourceInfo, type ServedResource } from './resources.js';

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
  const read = readListFile(file, info);
  if (!read.ok) return read;
  // Pods a client created (debug-pod) live beside the lab's own: the lab rewrites pods.json.
  const created =
    info.plural === 'pods' ? readCreatedPods(dataDir).map((item) => withTypeMeta(item, info)) : [];
  return created.length === 0 ? read : { ...read, items: [...read.items, ...created] };
}

/**
 * Parsed data files by path, valid while the file is the same (inode, size, mtime): every request
 * reads its list, and a 2000-node pod list parsed per exec would cost more than the exec.
 */
const parsed = new Map<string, { readonly key: string; readonly list: StoredList }>();

function readListFile(file: string, info: ResourceInfo): StoredList {
  let key: string;
  let mtimeMs: number;
  try {
    const st = statSync(file);
    mtimeMs = st.mtimeMs;
    key = `${st.ino}/${st.size}/${st.mtimeMs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, items: [], resourceVersion: '1' };
    return { ok: false, error: `cannot read ${file}: ${(e as Error).message}` };
  }
  const hit = parsed.get(file);
  if (hit?.key === key) return hit.list;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${(e as Error).message}` };
  }
  const list = parseList(file, text, mtimeMs, info);
  parsed.set(file, { key, list });
  return list;
}

function parseList(file: string, text: string, mtimeMs: number, info: ResourceInfo): StoredList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${file} is not valid JSON: ${(e as Error).message}` };
  }
  const items = (json as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return { ok: false, error: `${file} has no "items" array` };
  const listMeta = (json as { metadata?: { resourceVersion?: unknown } }).metadata;
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
  plural: ServedResource,
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

/** Pods created through the API (`POST pods`), kept apart from the lab's `pods.json`. */
export const CREATED_PODS_FILE = '_created-pods.json';

/** The pods clients created; a missing or unreadable file is none. */
export function readCreatedPods(dataDir: string): ApiObject[] {
  const file = join(dataDir, CREATED_PODS_FILE);
  // asked on every pod read: most servers never have one, and a failed read throws (costly per exec)
  if (!existsSync(file)) return [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isObject) : [];
  } catch {
    return [];
  }
}

/** Replaces the created pods (atomic rename). */
export function writeCreatedPods(dataDir: string, pods: readonly ApiObject[]): void {
  const file = join(dataDir, CREATED_PODS_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(pods));
  renameSync(temp, file);
}

/**
 * Writes a resource's objects as the server expects them (atomic rename, so a request never sees
 * half a file). For the lab (`lab up` and every fault that changes an object) and for tests.
 * Without a resourceVersion the server uses the file's mtime.
 */
export function writeStoredList(
  dataDir: string,
  plural: ServedResource,
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
