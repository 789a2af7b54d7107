/**
 * One request of the lab API, start to end: path → discovery or resource; read verbs, plus the pod
 * writes debug-pod needs (create/delete, RBAC-checked) and NetworkPolicy / namespace-label writes
 * (object-writes.ts, kept by the context's store); /openapi/v2; pods/log; fault hooks; list/get with
 * selectors; Table or plain JSON. pods/exec is a WebSocket upgrade (exec/socket.ts): a plain
 * request to it is answered 400 as kube-apiserver does.
 */
import type { IncomingMessage } from 'node:http';
import { existsSync } from 'node:fs';
import { dataFilePath, nameOf, namespaceOf, readStoredList } from './data-files.js';
import {
  coreVersions,
  groupDocument,
  groupList,
  resourceList,
  VERSION_INFO,
  VERSION_INFO_4X,
} from './discovery.js';
import { openApiDocument } from './openapi.js';
import { abortableSleep } from './abortable-sleep.js';
import type { ExecBackend } from './exec/backend.js';
import { podLog } from './exec/logs.js';
import { createPod, deletePod } from './pod-writes.js';
import type { ObjectStore } from './object-store.js';
import { planWrite, WRITABLE, type WriteRequest, type WriteVerb } from './object-writes.js';
import { patchTypeOf } from './patch.js';
import { userOf } from './users.js';
import { faultHookFor } from './fault-hooks.js';
import { selectPage } from './list-query.js';
import { parseApiPath, type ApiPath } from './request-path.js';
import { apiVersionOf, type ResourceInfo, type ServedRelease } from './resources.js';
import {
  badRequest,
  forbidden,
  methodNotAllowed,
  objectNotFound,
  pathNotFound,
  statusBody,
  type StatusBody,
} from './status.js';
import { buildTable, negotiateFormat, type IncludeObject } from './table.js';
import { openWatch } from './watch.js';

type ResourcePath = Extract<ApiPath, { kind: 'resource' }>;

/** What a handled request answers: a body, or (watch) a stream of JSON lines. */
export type Answer =
  | { readonly code: number; readonly body: unknown; readonly contentType?: string }
  | {
      readonly code: 200;
      readonly stream: (write: (line: string) => void, signal: AbortSignal) => Promise<void>;
    };

/** What every request of one server shares: its data folder and its kubelet (exec and logs). */
export interface LabApiContext {
  readonly dataDir: string;
  readonly backend: ExecBackend;
  /** Where NetworkPolicy and Namespace writes go (object-store.ts). */
  readonly store: ObjectStore;
}

/** Answers one request; never throws (a failure is a 500 Status). */
export async function handleRequest(
  ctx: LabApiContext,
  req: IncomingMessage,
  signal: AbortSignal,
): Promise<Answer> {
  const { dataDir } = ctx;
  const url = new URL(req.url ?? '/', 'http://lab.invalid');
  const release = servedRelease(dataDir);
  const path = parseApiPath(url.pathname, release);
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname === '/openapi/v2' && (method === 'GET' || method === 'HEAD'))
    return openApiDocument(req.headers.accept);
  if (path.kind === 'unknown') return fail(pathNotFound());
  if (path.kind === 'resource' && path.info.plural === 'pods' && path.namespace) {
    const pods = await answerPods(ctx, req, method, path, url.searchParams);
    if (pods) return pods;
  }
  if (path.kind === 'resource' && WRITABLE[path.info.plural] && WRITE_METHODS.has(method))
    return answerWrite(ctx, req, method, path, url.searchParams);
  if (method !== 'GET' && method !== 'HEAD') return fail(methodNotAllowed());
  switch (path.kind) {
    case 'version':
      return ok(release === '4.x' ? VERSION_INFO_4X : VERSION_INFO);
    case 'health':
      return ok('ok');
    case 'core-versions':
      return ok(coreVersions(req.headers.host ?? ''));
    case 'group-list':
      return ok(groupList(release));
    case 'group':
      return orNotFound(groupDocument(path.group, release));
    case 'resource-list':
      return orNotFound(resourceList(path.group, path.version, release));
    case 'resource':
      return answerResource(dataDir, path, url.searchParams, req.headers.accept, signal);
  }
}

/**
 * The release the data shows: the 4.x lab writes the ClusterVersion (every 4.x cluster has
 * `clusterversion/version`), a 3.11 lab never does, so its server answers 404 for the 4.x groups.
 */
function servedRelease(dataDir: string): ServedRelease {
  return existsSync(dataFilePath(dataDir, 'clusterversions')) ? '4.x' : '3.11';
}

/** Exec without upgrade, logs, create and delete of pods; undefined for a plain read. */
async function answerPods(
  ctx: LabApiContext,
  req: IncomingMessage,
  method: string,
  path: ResourcePath,
  query: URLSearchParams,
): Promise<Answer | undefined> {
  const namespace = path.namespace!;
  const { info, name, subresource } = path;
  if (subresource === 'exec') {
    if (!userOf(req).mayWrite) return fail(forbidden(info, 'create', namespace, 'exec', name));
    return fail(badRequest('Upgrade request required'));
  }
  if (subresource === 'log' && name && (method === 'GET' || method === 'HEAD')) {
    const answer = await podLog(ctx.dataDir, ctx.backend, namespace, name, query);
    return isStatus(answer) ? fail(answer) : answer;
  }
  if (method === 'POST' && name === undefined) {
    if (!userOf(req).mayWrite) return fail(forbidden(info, 'create', namespace));
    const body = await readJsonBody(req);
    if (body === undefined) return fail(badRequest('the request body is not a JSON object'));
    const created = createPod(ctx.dataDir, namespace, body);
    return isStatus(created) ? fail(created) : created;
  }
  if (method === 'DELETE' && name !== undefined && subresource === undefined) {
    if (!userOf(req).mayWrite) return fail(forbidden(info, 'delete', namespace, undefined, name));
    const deleted = deletePod(ctx.dataDir, namespace, name);
    return isStatus(deleted) ? fail(deleted) : deleted;
  }
  return undefined;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * POST/PUT/PATCH/DELETE of a writable resource (object-writes.ts), RBAC-checked like the pod writes;
 * `dryRun=All` answers without keeping the change, as the API server does.
 */
async function answerWrite(
  ctx: LabApiContext,
  req: IncomingMessage,
  method: string,
  path: ResourcePath,
  query: URLSearchParams,
): Promise<Answer> {
  const { info, namespace, name, subresource } = path;
  if (subresource !== undefined) return fail(methodNotAllowed());
  const verb: WriteVerb | undefined =
    method === 'POST' && name === undefined
      ? 'create'
      : name === undefined
        ? undefined
        : ({ PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as const)[method];
  // a write to a collection other than create (DELETE of a whole list) is not served
  if (verb === undefined) return fail(methodNotAllowed());
  if (info.namespaced && namespace === undefined) return fail(methodNotAllowed());
  if (!userOf(req).mayWrite) return fail(forbidden(info, verb, namespace, undefined, name));
  let request: WriteRequest;
  if (verb === 'delete') request = { verb, name: name!, namespace };
  else if (verb === 'patch') {
    const type = patchTypeOf(req.headers['content-type']);
    if (!type)
      return fail(
        statusBody(
          415,
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
        ),
      );
    const patch = await readJsonBody(req, type === 'json');
    if (patch === undefined) return fail(badRequest('the request body is not valid JSON'));
    request = { verb, name: name!, namespace, type, patch };
  } else {
    const body = await readJsonBody(req);
    if (body === undefined) return fail(badRequest('the request body is not a JSON object'));
    request = verb === 'create' ? { verb, namespace, body } : { verb, name: name!, namespace, body };
  }
  const dryRun = query.getAll('dryRun').includes('All');
  const plan = await ctx.store.write(info, (items, resourceVersion) => {
    const p = planWrite(info, items, request, resourceVersion);
    return dryRun ? { code: p.code, body: p.body } : p;
  });
  return { code: plan.code, body: plan.body };
}

function isStatus(
  answer: { readonly code: number; readonly body: unknown } | StatusBody,
): answer is StatusBody {
  return (answer as { kind?: unknown }).kind === 'Status';
}

/** The request's JSON body: an object (or, for a JSON patch, an array); undefined when not. */
async function readJsonBody(req: IncomingMessage, array = false): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (Array.isArray(parsed)) return array ? parsed : undefined;
    return typeof parsed === 'object' && parsed !== null && !array ? parsed : undefined;
  } catch {
    return undefined;
  }
}

async function answerResource(
  dataDir: string,
  path: ResourcePath,
  query: URLSearchParams,
  accept: string | undefined,
  signal: AbortSignal,
): Promise<Answer> {
  const { info, namespace, name } = path;
  const watch = path.watch || query.get('watch') === 'true' || query.get('watch') === '1';
  // kubectl watches one object through a list with fieldSelector=metadata.name=…, never this way.
  if (watch && name !== undefined)
    return fail(statusBody(405, 'watch a list with a fieldSelector instead', {}));
  if (path.subresource !== undefined && path.subresource !== 'status') return fail(pathNotFound());
  const hook = faultHookFor(dataDir, info.plural);
  if (hook?.delayMs) await abortableSleep(hook.delayMs, signal);
  if (hook?.status)
    return fail(injectedStatus(hook.status, hook.message, info, name ? 'get' : 'list', namespace));
  const stored = readStoredList(dataDir, info);
  if (!stored.ok) return fail(statusBody(500, `Internal error occurred: ${stored.error}`, {}));
  const format = negotiateFormat(accept);
  const includeObject = includeObjectOf(query);
  const now = Date.now();
  if (name !== undefined) {
    const obj = stored.items.find(
      (o) => nameOf(o) === name && (!info.namespaced || namespaceOf(o) === namespace),
    );
    if (!obj) return fail(objectNotFound(info, name));
    if (!format.table) return ok(obj);
    const listMeta = { resourceVersion: stored.resourceVersion };
    return ok(buildTable(info, [obj], { version: format.version, includeObject, now, listMeta }));
  }
  const page = selectPage(info, stored.items, namespace, watch ? withoutPaging(query) : query);
  if (!page.ok) return fail(badRequest(page.error));
  if (watch) {
    const request = { dataDir, info, namespace, query: withoutPaging(query), format, includeObject };
    return { code: 200, stream: openWatch(request) };
  }
  const listMeta = {
    resourceVersion: stored.resourceVersion,
    ...(page.continueToken ? { continue: page.continueToken, remainingItemCount: page.remaining } : {}),
  };
  if (format.table) {
    return ok(buildTable(info, page.items, { version: format.version, includeObject, now, listMeta }));
  }
  return ok({
    kind: `${info.kind}List`,
    apiVersion: apiVersionOf(info),
    metadata: listMeta,
    // A real API server leaves kind/apiVersion out of list items (kubectl -o json adds them back).
    items: page.items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest),
  });
}

/** The Status an injected fault answers with (403 worded like RBAC's denial). */
function injectedStatus(
  code: number,
  message: string | undefined,
  info: ResourceInfo,
  verb: string,
  namespace: string | undefined,
): StatusBody {
  if (code === 403) return forbidden(info, verb, namespace);
  if (code === 500)
    return statusBody(500, `Internal error occurred: ${message ?? 'injected lab API fault'}`, {});
  return statusBody(code, message ?? `injected lab API fault (${code})`, {});
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function ok(body: unknown): Answer {
  return { code: 200, body };
}

function fail(body: StatusBody): Answer {
  return { code: body.code, body };
}

function orNotFound(body: Record<string, unknown> | undefined): Answer {
  return body ? ok(body) : fail(pathNotFound());
}

function withoutPaging(query: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(query);
  copy.delete('limit');
  copy.delete('continue');
  return copy;
}
