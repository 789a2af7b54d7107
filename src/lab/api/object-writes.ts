/**
 * Writes of API objects the way kube-apiserver's generic registry makes them
 * (k8s.io/apiserver pkg/registry/generic/registry/store.go, pkg/endpoints/handlers): create (201,
 * uid, creationTimestamp, generation 1; 409 AlreadyExists), update and patch (200; 404 NotFound; 409
 * Conflict on a stale metadata.resourceVersion; generation + 1 when the spec changes), delete (200
 * Status Success). Every write gets a new resourceVersion. Pure: it decides the answer and the
 * change; the store (object-store.ts) keeps the change and makes it visible to readers and watchers.
 *
 * Writable here: `networking.k8s.io/v1` NetworkPolicies (every verb) and the labels and annotations
 * of Namespaces (update, patch: `kubectl label namespace`). The lab's namespaces themselves are the
 * lab's: creating or deleting one is refused (405), and a namespace write keeps everything but its
 * metadata.labels / metadata.annotations.
 */
import { randomUUID } from 'node:crypto';
import { type ApiObject, nameOf, namespaceOf } from './data-files.js';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch, type PatchType } from './patch.js';
import { qualifiedName, apiVersionOf, type ResourceInfo } from './resources.js';
import { methodNotAllowed, objectNotFound, statusBody, type StatusBody } from './status.js';
import { rec } from './printers/access.js';

/** The resources clients may write, and how. */
export const WRITABLE: Readonly<Record<string, readonly WriteVerb[]>> = {
  networkpolicies: ['create', 'update', 'patch', 'delete'],
  namespaces: ['update', 'patch'],
};

export type WriteVerb = 'create' | 'update' | 'patch' | 'delete';

/** The verbs discovery announces for a resource (kubectl reads them for some commands). */
export function verbsOf(plural: string): readonly string[] {
  return ['get', 'list', ...(WRITABLE[plural] ?? [])].sort();
}

/** One write, as the handler read it from the request. */
export type WriteRequest =
  | { readonly verb: 'create'; readonly namespace: string | undefined; readonly body: unknown }
  | { readonly verb: 'update'; readonly name: string; readonly namespace?: string; readonly body: unknown }
  | {
      readonly verb: 'patch';
      readonly name: string;
      readonly namespace?: string;
      readonly type: PatchType;
      readonly patch: unknown;
    }
  | { readonly verb: 'delete'; readonly name: string; readonly namespace?: string };

/** What the store keeps: an object written (created or replaced), or one removed. */
export type WriteChange = { readonly put: ApiObject } | { readonly remove: ApiObject };

/** The answer of a write and, unless it failed, the change to keep. */
export interface WritePlan {
  readonly code: number;
  readonly body: unknown;
  readonly change?: WriteChange;
}

/** kube-apiserver's creationTimestamp: RFC 3339 in seconds. */
const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Plans one write against the current objects of `info`; `resourceVersion` is the version the
 * written object gets (the store's next one).
 */
export function planWrite(
  info: ResourceInfo,
  items: readonly ApiObject[],
  req: WriteRequest,
  resourceVersion: string,
): WritePlan {
  if (!(WRITABLE[info.plural] ?? []).includes(req.verb)) return fail(methodNotAllowed());
  if (req.verb === 'create') return planCreate(info, items, req.namespace, req.body, resourceVersion);
  const current = items.find(
    (o) => nameOf(o) === req.name && (!info.namespaced || namespaceOf(o) === req.namespace),
  );
  if (!current) return fail(objectNotFound(info, req.name));
  if (req.verb === 'delete') return planDelete(info, current);
  let next: unknown;
  if (req.verb === 'update') next = req.body;
  else {
    try {
      next = applyPatch(current, req.type, req.patch);
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
      return fail(
        statusBody(422, `the server rejected our request due to an error in our request: ${e.message}`),
      );
    }
  }
  return planUpdate(info, current, next, resourceVersion);
}

function applyPatch(current: ApiObject, type: PatchType, patch: unknown): unknown {
  if (type === 'json') return jsonPatch(current, patch);
  return type === 'merge' ? mergePatch(current, patch) : strategicMergePatch(current, patch);
}

function planCreate(
  info: ResourceInfo,
  items: readonly ApiObject[],
  namespace: string | undefined,
  body: unknown,
  resourceVersion: string,
): WritePlan {
  const obj = rec(body);
  const meta = rec(obj.metadata);
  const name = typeof meta.name === 'string' ? meta.name : '';
  const typeError = checkTypeMeta(info, obj);
  if (typeError) return fail(typeError);
  if (meta.namespace !== undefined && meta.namespace !== namespace)
    return fail(
      statusBody(
        400,
        'the namespace of the provided object does not match the namespace sent on the request',
      ),
    );
  const invalid = validate(info, name, obj);
  if (invalid) return fail(invalid);
  if (items.some((o) => nameOf(o) === name && namespaceOf(o) === (namespace ?? '')))
    return fail({
      ...statusBody(409, `${qualifiedName(info)} "${name}" already exists`, details(info, name)),
      reason: 'AlreadyExists',
    });
  const created: ApiObject = {
    ...obj,
    kind: info.kind,
    apiVersion: apiVersionOf(info),
    metadata: {
      ...withoutServerFields(meta),
      name,
      ...(namespace ? { namespace } : {}),
      uid: randomUUID(),
      resourceVersion,
      generation: 1,
      creationTimestamp: now(),
    },
    spec: defaulted(info, rec(obj.spec)),
  };
  return { code: 201, body: created, change: { put: created } };
}

function planUpdate(
  info: ResourceInfo,
  current: ApiObject,
  body: unknown,
  resourceVersion: string,
): WritePlan {
  const obj = rec(body);
  const meta = rec(obj.metadata);
  const was = rec(current.metadata);
  const name = nameOf(current);
  const typeError = checkTypeMeta(info, obj);
  if (typeError) return fail(typeError);
  if (meta.name !== undefined && meta.name !== name)
    return fail(
      statusBody(
        400,
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      ),
    );
  // optimistic concurrency: a client that read an older version must re-read (kubectl retries)
  if (
    typeof meta.resourceVersion === 'string' &&
    meta.resourceVersion !== '' &&
    meta.resourceVersion !== was.resourceVersion
  )
    return fail({
      ...statusBody(
        409,
        `Operation cannot be fulfilled on ${qualifiedName(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        details(info, name),
      ),
    });
  const invalid = validate(info, name, obj);
  if (invalid) return fail(invalid);
  const spec = defaulted(info, rec(obj.spec));
  // a Namespace write keeps the lab's namespace; only its labels and annotations change
  const base: ApiObject = info.plural === 'namespaces' ? current : { ...obj, spec };
  const specChanged = JSON.stringify(spec) !== JSON.stringify(rec(current.spec));
  const labels = meta.labels === undefined ? {} : { labels: meta.labels };
  const annotations = meta.annotations === undefined ? {} : { annotations: meta.annotations };
  const generation = typeof was.generation === 'number' ? was.generation : 1;
  const updated: ApiObject = {
    ...base,
    kind: info.kind,
    apiVersion: apiVersionOf(info),
    metadata: {
      ...(info.plural === 'namespaces' ? withoutLabels(was) : withoutServerFields(meta)),
      ...labels,
      ...annotations,
      name,
      ...(info.namespaced ? { namespace: namespaceOf(current) } : {}),
      uid: was.uid,
      resourceVersion,
      ...(info.plural === 'namespaces' ? {} : { generation: specChanged ? generation + 1 : generation }),
      creationTimestamp: was.creationTimestamp,
    },
  };
  return { code: 200, body: updated, change: { put: updated } };
}

function planDelete(info: ResourceInfo, current: ApiObject): WritePlan {
  const name = nameOf(current);
  // registry.Store.Delete without ReturnDeletedObject: a Success Status naming what went
  const body = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...details(info, name), uid: rec(current.metadata).uid },
  };
  return { code: 200, body, change: { remove: current } };
}

/** kind/apiVersion, when the body gives them, must be the resource's (the decoder insists). */
function checkTypeMeta(info: ResourceInfo, obj: Record<string, unknown>): StatusBody | undefined {
  const kind = obj.kind;
  const apiVersion = obj.apiVersion;
  if (
    (kind === undefined || kind === info.kind) &&
    (apiVersion === undefined || apiVersion === apiVersionOf(info))
  )
    return undefined;
  return statusBody(
    400,
    `the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(info)})`,
  );
}

/** A DNS-1123 subdomain (object names), labels as validation.IsQualifiedName / IsValidLabelValue say. */
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function validate(info: ResourceInfo, name: string, obj: Record<string, unknown>): StatusBody | undefined {
  const invalid = (field: string, value: string, why: string) =>
    statusBody(
      422,
      `${info.kind} "${name}" is invalid: ${field}: Invalid value: "${value}": ${why}`,
      details(info, name),
    );
  if (name === '')
    return statusBody(422, `${info.kind} "" is invalid: metadata.name: Required value: name is required`, {
      kind: info.kind,
    });
  if (!NAME.test(name) || name.length > 253)
    return invalid(
      'metadata.name',
      name,
      "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'",
    );
  const labels = rec(rec(obj.metadata).labels);
  for (const [key, value] of Object.entries(labels)) {
    const k = key.split('/').pop() ?? '';
    if (!LABEL_KEY.test(key) || k.length > 63)
      return invalid(
        'metadata.labels',
        key,
        "name part must be 63 characters or less and consist of alphanumeric characters, '-', '_' or '.'",
      );
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63)
      return invalid(
        'metadata.labels',
        String(value),
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'",
      );
  }
  if (info.plural === 'networkpolicies' && !('podSelector' in rec(obj.spec)))
    return statusBody(
      422,
      `NetworkPolicy "${name}" is invalid: spec.podSelector: Required value`,
      details(info, name),
    );
  return undefined;
}

/**
 * What the API server's defaulting adds (networking/v1 SetDefaults_NetworkPolicySpec): policyTypes
 * from the rules present, a port's protocol TCP.
 */
function defaulted(info: ResourceInfo, spec: Record<string, unknown>): Record<string, unknown> {
  if (info.plural !== 'networkpolicies') return spec;
  const out: Record<string, unknown> = { ...spec };
  if (!Array.isArray(out.policyTypes) || out.policyTypes.length === 0)
    out.policyTypes =
      Array.isArray(out.egress) && out.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = out[direction];
    if (!Array.isArray(rules)) continue;
    out[direction] = rules.map((r) => {
      const rule = rec(r);
      if (!Array.isArray(rule.ports)) return rule;
      return { ...rule, ports: rule.ports.map((p) => ({ protocol: 'TCP', ...rec(p) })) };
    });
  }
  return out;
}

/** Fields a client may send but the server owns (uid, resourceVersion, timestamps…). */
function withoutServerFields(meta: Record<string, unknown>): Record<string, unknown> {
  const {
    uid: _uid,
    resourceVersion: _rv,
    generation: _generation,
    creationTimestamp: _created,
    deletionTimestamp: _deleted,
    selfLink: _selfLink,
    managedFields: _managed,
    ...rest
  } = meta;
  return rest;
}

function withoutLabels(meta: Record<string, unknown>): Record<string, unknown> {
  const { labels: _labels, annotations: _annotations, ...rest } = meta;
  return rest;
}

function details(info: ResourceInfo, name: string): Record<string, unknown> {
  return { name, ...(info.group ? { group: info.group } : {}), kind: info.plural };
}

function fail(status: StatusBody): WritePlan {
  return { code: status.code, body: status };
}
