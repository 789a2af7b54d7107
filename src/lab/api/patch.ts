/**
 * The three PATCH bodies a Kubernetes API server accepts, applied to an object as JSON
 * (k8s.io/apiserver pkg/endpoints/handlers/patch.go): JSON merge patch (RFC 7386,
 * `application/merge-patch+json`, what `kubectl label` / `kubectl patch --type merge` send), strategic
 * merge patch (`application/strategic-merge-patch+json`, what `kubectl apply` sends on re-apply) and
 * JSON patch (RFC 6902, `application/json-patch+json`). Pure functions: the caller stores the result.
 */

type Json = unknown;
type JsonObject = Record<string, Json>;

/** The patch types by Content-Type (parameters such as `; charset=utf-8` are ignored). */
export type PatchType = 'merge' | 'strategic' | 'json';

export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/merge-patch+json') return 'merge';
  if (type === 'application/strategic-merge-patch+json') return 'strategic';
  if (type === 'application/json-patch+json') return 'json';
  return undefined;
}

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge key by key, `null` deletes, anything else (arrays too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * Strategic merge patch for the objects the lab API writes (NetworkPolicy, Namespace). Their Go
 * types declare no `patchMergeKey` on any list (networking/v1 types.go: ingress, egress, from, ports,
 * policyTypes; core/v1 Namespace: finalizers), so every list is replaced whole and the patch is a
 * merge patch plus apimachinery's directives (strategicpatch/patch.go): `$patch: replace` (the map
 * becomes the patch's), `$patch: delete` (the map goes), and the bookkeeping keys
 * `$setElementOrder/…`, `$retainKeys`, `$deleteFromPrimitiveList/…` that only order or trim lists
 * with merge keys (none here) and are dropped.
 */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  const body = Object.fromEntries(Object.entries(patch).filter(([k]) => !isDirectiveKey(k)));
  const retain = Array.isArray(patch.$retainKeys) ? new Set(patch.$retainKeys.map(String)) : undefined;
  const base: JsonObject = directive === 'replace' || !isObject(target) ? {} : { ...target };
  if (retain) for (const key of Object.keys(base)) if (!retain.has(key)) delete base[key];
  for (const [key, value] of Object.entries(body)) {
    if (value === null) {
      delete base[key];
      continue;
    }
    const merged = strategicMergePatch(base[key], value);
    if (merged === undefined) delete base[key];
    else base[key] = merged;
  }
  return base;
}

function isDirectiveKey(key: string): boolean {
  return (
    key === '$patch' ||
    key === '$retainKeys' ||
    key.startsWith('$setElementOrder/') ||
    key.startsWith('$deleteFromPrimitiveList/')
  );
}

/** Why a JSON patch does not apply (the server answers 422 / 400 with it). */
export class PatchError extends Error {}

/** RFC 6902: add, remove, replace, move, copy, test, in order; any failure fails the whole patch. */
export function jsonPatch(target: Json, patch: Json): Json {
  if (!Array.isArray(patch)) throw new PatchError('a JSON patch must be an array of operations');
  let doc: Json = structuredClone(target);
  for (const raw of patch) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw new PatchError(`invalid operation ${JSON.stringify(raw)}`);
    const path = pointer(raw.path);
    switch (raw.op) {
      case 'add':
        doc = put(doc, path, structuredClone(valueOf(raw)));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        doc = put(remove(doc, path), path, structuredClone(valueOf(raw)));
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw new PatchError(`${raw.op} needs "from"`);
        const from = pointer(raw.from);
        const value = structuredClone(get(doc, from));
        if (raw.op === 'move') doc = remove(doc, from);
        doc = put(doc, path, value);
        break;
      }
      case 'test':
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(valueOf(raw)))
          throw new PatchError(`testing value ${raw.path} failed`);
        break;
      default:
        throw new PatchError(`unknown operation "${raw.op}"`);
    }
  }
  return doc;
}

function valueOf(op: JsonObject): Json {
  if (!('value' in op)) throw new PatchError(`${String(op.op)} operation does not apply: missing value`);
  return op.value;
}

/** RFC 6901 pointer → reference tokens. */
function pointer(text: string): string[] {
  if (text === '') return [];
  if (!text.startsWith('/')) throw new PatchError(`invalid JSON pointer "${text}"`);
  return text
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: Json, path: readonly string[]): Json {
  let at: Json = doc;
  for (const token of path) {
    if (Array.isArray(at)) at = at[arrayIndex(at, token, false)];
    else if (isObject(at) && token in at) at = at[token];
    else throw new PatchError(`path /${path.join('/')} does not exist`);
  }
  return at;
}

function put(doc: Json, path: readonly string[], value: Json): Json {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    parent.splice(last === '-' ? parent.length : arrayIndex(parent, last, true), 0, value);
  } else if (isObject(parent)) parent[last] = value;
  else throw new PatchError(`path /${path.join('/')} has no parent object`);
  return doc;
}

function remove(doc: Json, path: readonly string[]): Json {
  if (path.length === 0) return undefined;
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else if (isObject(parent) && last in parent) delete parent[last];
  else throw new PatchError(`path /${path.join('/')} does not exist`);
  return doc;
}

function arrayIndex(array: readonly Json[], token: string, inserting: boolean): number {
  const index = /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(index) || index > array.length || (!inserting && index === array.length))
    throw new PatchError(`array index ${token} out of range`);
  return index;
}
