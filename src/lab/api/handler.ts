/**
 * One request of the lab API, start to end: path → discovery or resource; read verbs, plus the pod
 * writes debug-pod needs (create/delete, RBAC-checked); pods/log; fault hooks; list/get with
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
import { abortableSleep } from './abortable-sleep.js';
import type { ExecBackend } from './exec/backend.js';
import { podLog } from './exec/logs.js';
import { createPod, deletePod } from './pod-writes.js';
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
  | { readonly code: number; readonly body: unknown }
  | {
      readonly code: 200;
      readonly stream: (write: (line: string) => void, signal: AbortSignal) => Promise<void>;
    };

/** What every request of one server shares: its data folder and its kubelet (exec and logs). */
export interface LabApiContext {
  readonly dataDir: string;
  readonly backend: ExecBackend;
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
  if (path.kind === 'unknown') return fail(pathNotFound());
  if (path.kind === 'resource' && path.info.plural === 'pods' && path.namespace) {
    const pods = await answerPods(ctx, req, method, path, url.searchParams);
    if (pods) return pods;
  }
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

function isStatus(
  answer: { readonly code: number; readonly body: unknown } | StatusBody,
): answer is StatusBody {
  return (answer as { kind?: unknown }).kind === 'Status';
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
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
