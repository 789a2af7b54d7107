/**
 * The live Kubernetes/OpenShift API source: every resource sdn-doctor reads, listed in
 * parallel, read-only (GET list), each with its own timeout. One resource that answers 403/404/500
 * or not at all becomes `{ ok: false }` for that resource only, with a message that says what could
 * not be read and why; dependent checks then say `unknown` instead of guessing.
 *
 * Requests go through @kubernetes/client-node's KubeConfig (credentials, TLS, exec plugins,
 * proxies) but the bodies are kept as raw REST JSON: the generated CoreV1Api would turn them into
 * class instances with Date objects and drop fields it does not know, and it cannot abort a
 * request. Raw lists look the same from a real cluster and from the lab (`kubectl get -o json`).
 */
import type { ApiList, ApiResource, ApiSnapshot } from '../../artifacts/types.js';
import { API_RESOURCES, RELEASE_4_RESOURCES } from '../../artifacts/types.js';
import { closeConnection, httpGet, prepareConnection, type ApiConnection } from './api-get.js';
import { loadKubeConfig, type KubeConfigOptions } from './kube-config.js';
import { msg, type Msg } from '../../i18n/message.js';

/** Options of `readApiSnapshot`. */
export interface ApiReadOptions extends KubeConfigOptions {
  /** Bound of each resource's request (and of preparing credentials). */
  readonly timeoutMs: number;
  /** Only these resources (default: all of API_RESOURCES). */
  readonly resources?: readonly ApiResource[];
  /** `-n`: namespaced objects of these namespaces only (and of {@link SDN_NAMESPACES}); default all. */
  readonly namespaces?: readonly string[];
}

/**
 * Namespaces read whatever `-n` says: the SDN's own pods (`openshift-sdn`: exec, logs), the routers
 * (`default` on 3.x, `openshift-ingress` on 4.x) and `oc adm ipfailover`'s (`default`), which the
 * checks of §4, §10 and §12 need to judge any namespace.
 */
export const SDN_NAMESPACES: readonly string[] = ['default', 'openshift-ingress', 'openshift-sdn'];

/** The namespaces a `-n` read covers: those asked for and the SDN's own, sorted. */
export function namespaceScope(namespaces: readonly string[]): string[] {
  return [...new Set([...namespaces, ...SDN_NAMESPACES])].sort();
}

/** The per-namespace path of each namespaced resource `-n` narrows. */
const NAMESPACED_PATH: Partial<Record<ApiResource, (ns: string) => string>> = {
  pods: (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
  services: (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/services`,
  endpoints: (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/endpoints`,
  routes: (ns) => `/apis/route.openshift.io/v1/namespaces/${encodeURIComponent(ns)}/routes`,
  networkpolicies: (ns) => `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/networkpolicies`,
  deploymentconfigs: (ns) =>
    `/apis/apps.openshift.io/v1/namespaces/${encodeURIComponent(ns)}/deploymentconfigs`,
  deployments: (ns) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`,
};

/** 39.x: the node configuration lives in config maps of these namespaces (3.11; 4.x: openshift-sdn). */
export const NODE_CONFIG_NAMESPACES: readonly string[] = ['openshift-node', 'openshift-sdn'];

/** The GET paths of a resource (configmaps: one per namespace, merged). */
const PATHS: Readonly<Record<ApiResource, readonly string[]>> = {
  nodes: ['/api/v1/nodes'],
  namespaces: ['/api/v1/namespaces'],
  pods: ['/api/v1/pods'],
  services: ['/api/v1/services'],
  endpoints: ['/api/v1/endpoints'],
  configmaps: NODE_CONFIG_NAMESPACES.map((ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps`),
  routes: ['/apis/route.openshift.io/v1/routes'],
  hostsubnets: ['/apis/network.openshift.io/v1/hostsubnets'],
  clusternetworks: ['/apis/network.openshift.io/v1/clusternetworks'],
  netnamespaces: ['/apis/network.openshift.io/v1/netnamespaces'],
  networkpolicies: ['/apis/networking.k8s.io/v1/networkpolicies'],
  // §12: `oc adm ipfailover` makes a DeploymentConfig (3.x) or a Deployment (4.x).
  deploymentconfigs: ['/apis/apps.openshift.io/v1/deploymentconfigs'],
  deployments: ['/apis/apps/v1/deployments'],
  // 4.x: the Network operator's `network.operator.openshift.io/cluster` (MTU, mode, VXLAN port of the SDN).
  operatornetworks: ['/apis/operator.openshift.io/v1/networks'],
  // 4.x: the ClusterVersion `version` (status.desired.version: the release, e.g. 4.12.0).
  clusterversions: ['/apis/config.openshift.io/v1/clusterversions'],
};

/** Reads every resource; never throws (a cluster it cannot reach gives every resource `ok: false`). */
export async function readApiSnapshot(opts: ApiReadOptions): Promise<ApiSnapshot> {
  const resources = opts.resources ?? API_RESOURCES;
  const loaded = loadKubeConfig(opts);
  if (!loaded.ok) return everyResource(resources, serverFailure(loaded.error));
  let conn: ApiConnection;
  try {
    conn = await withTimeout(prepareConnection(loaded.kc, loaded.server), opts.timeoutMs);
  } catch (e) {
    const why = (e as Error).message;
    return everyResource(
      resources,
      serverFailure(
        msg(
          `cannot prepare credentials for ${loaded.server} (context ${loaded.context}): ${why}`,
          `${loaded.server} (コンテキスト ${loaded.context}) の認証情報を準備できません: ${why}`,
        ),
      ),
    );
  }
  try {
    const scope = opts.namespaces?.length ? namespaceScope(opts.namespaces) : undefined;
    const lists = await Promise.all(resources.map((r) => readResource(conn, r, opts.timeoutMs, scope)));
    return Object.fromEntries(resources.map((r, i) => [r, lists[i] as ApiList]));
  } finally {
    closeConnection(conn);
  }
}

/**
 * One resource: all its paths in parallel, items merged; the first failure wins. With a namespace
 * `scope`, a namespaced resource is read per namespace and says which namespaces it holds.
 */
async function readResource(
  conn: ApiConnection,
  resource: ApiResource,
  timeoutMs: number,
  scope: readonly string[] | undefined,
): Promise<ApiList> {
  const inNamespace = NAMESPACED_PATH[resource];
  const paths = scope && inNamespace ? scope.map(inNamespace) : PATHS[resource];
  const results = await Promise.all(paths.map((path) => readList(conn, resource, path, timeoutMs)));
  const failed = results.find((r) => !r.ok);
  // A 3.x API server does not serve operator.openshift.io: its 404 says "no such object", an answer.
  if (failed && !failed.ok && failed.status === 404 && RELEASE_4_RESOURCES.has(resource))
    return { ok: true, items: [] };
  if (failed) return failed;
  const items = results.flatMap((r) => (r.ok ? r.items : []));
  return scope && inNamespace ? { ok: true, items, namespaces: scope } : { ok: true, items };
}

/** Objects per page, as kubectl asks for them (`--chunk-size` 500). */
const PAGE_SIZE = 500;
/** Pages of one list at most (500,000 objects): a server that hands out `continue` forever stops here. */
const MAX_PAGES = 1000;

/** One list, page by page (`limit` and `continue`, as kubectl reads it); the first failure wins. */
async function readList(
  conn: ApiConnection,
  resource: ApiResource,
  path: string,
  timeoutMs: number,
): Promise<ApiList> {
  const what = `${resource} (GET ${path})`;
  const items: unknown[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(token ? { continue: token } : {}) });
    const result = await readPage(conn, what, `${path}?${query.toString()}`, timeoutMs);
    if (!result.ok) return result.failure;
    items.push(...result.items);
    token = result.continueToken;
    if (!token) return { ok: true, items };
  }
  return failure(
    `cannot read ${what}: more than ${MAX_PAGES} pages of ${PAGE_SIZE} (the cap on one list)`,
    `${what} を読めません: ${PAGE_SIZE} 件のページが ${MAX_PAGES} を超えています（一覧の上限）`,
  );
}

type Page =
  | { readonly ok: true; readonly items: readonly unknown[]; readonly continueToken: string | undefined }
  | { readonly ok: false; readonly failure: ApiList };

async function readPage(conn: ApiConnection, what: string, path: string, timeoutMs: number): Promise<Page> {
  const fail = (en: string, ja: string, status?: number, server?: Msg): Page => ({
    ok: false,
    failure: failure(en, ja, status, server),
  });
  const result = await httpGet(conn, path, timeoutMs);
  if (result.kind === 'timeout') {
    return fail(
      `cannot read ${what}: no answer from ${conn.server} within ${timeoutMs} ms`,
      `${what} を読めません: ${conn.server} から ${timeoutMs} ms 以内に応答がありません`,
      undefined,
      msg(
        `no answer from ${conn.server} within ${timeoutMs} ms`,
        `${conn.server} から ${timeoutMs} ms 以内に応答がありません`,
      ),
    );
  }
  if (result.kind === 'too-large') {
    const mib = result.limit / (1024 * 1024);
    return result.shared
      ? fail(
          `cannot read ${what}: the API answers read at once exceed ${mib} MiB (the cap on API answers held together)`,
          `${what} を読めません: 同時に読んでいる API の応答が合計 ${mib} MiB を超えています（同時に保持する応答の上限）`,
        )
      : fail(
          `cannot read ${what}: the answer is larger than ${mib} MiB (the cap on API answers)`,
          `${what} を読めません: 応答が上限の ${mib} MiB を超えています`,
        );
  }
  if (result.kind === 'unreachable') {
    return fail(
      `cannot read ${what}: cannot reach the API server ${conn.server}: ${result.reason}`,
      `${what} を読めません: API サーバー ${conn.server} に接続できません: ${result.reason}`,
      undefined,
      msg(
        `cannot reach the API server ${conn.server}: ${result.reason}`,
        `API サーバー ${conn.server} に接続できません: ${result.reason}`,
      ),
    );
  }
  const body = parseJson(result.text);
  if (result.status !== 200) {
    const status = statusText(result.status, body);
    return fail(
      `cannot read ${what}: the API server answered ${status}`,
      `${what} を読めません: API サーバーの応答は ${status} です`,
      result.status,
    );
  }
  const items = (body as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) {
    return fail(
      `cannot read ${what}: the answer is not a JSON list`,
      `${what} を読めません: 応答が JSON のリストではありません`,
      result.status,
    );
  }
  const next = (body as { metadata?: { continue?: unknown } }).metadata?.continue;
  return {
    ok: true,
    items: items.map((item) => withTypeMeta(item, body as Record<string, unknown>)),
    continueToken: typeof next === 'string' && next !== '' ? next : undefined,
  };
}

/**
 * Items as `kubectl get -o json` shows them: a real API server leaves kind/apiVersion out of the
 * items of built-in lists (`PodList` → `Pod`), so they are added from the list.
 */
function withTypeMeta(item: unknown, list: Record<string, unknown>): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const listKind = typeof list.kind === 'string' ? list.kind : '';
  const kind = listKind.endsWith('List') ? listKind.slice(0, -'List'.length) : undefined;
  const apiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : undefined;
  return {
    ...(kind ? { kind } : {}),
    ...(apiVersion ? { apiVersion } : {}),
    ...(item as Record<string, unknown>),
  };
}

/** `403 Forbidden: <Status message>` (the Status object's words when there is one). */
function statusText(code: number, body: unknown): string {
  const status = body as { kind?: unknown; reason?: unknown; message?: unknown } | undefined;
  const reason = typeof status?.reason === 'string' ? ` ${status.reason}` : '';
  const message = typeof status?.message === 'string' ? `: ${status.message}` : '';
  return `${code}${reason}${message}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failure(en: string, ja: string, status?: number, server?: Msg): ApiList {
  return {
    ok: false,
    error: en,
    ...(status !== undefined ? { status } : {}),
    message: { en, ja },
    ...(server ? { server } : {}),
  };
}

/** A failure of the server itself: the same reason for every list. */
function serverFailure(server: Msg): ApiList {
  return failure(server.en, server.ja, undefined, server);
}

function everyResource(resources: readonly ApiResource[], list: ApiList): ApiSnapshot {
  return Object.fromEntries(resources.map((r) => [r, list]));
}

/**
 * Reads the API through `read` within `timeoutMs`; when it fails or does not answer in time, every
 * resource is marked unreadable (checks then say unknown) and `failure` says why. Never throws.
 * The one deadline for the API of collect and diagnose.
 */
export async function readApiWithin(
  read: () => Promise<ApiSnapshot>,
  timeoutMs: number,
): Promise<{ readonly api: ApiSnapshot; readonly failure?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const api = await Promise.race([
      read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { api };
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'error';
    return { api: everyResource(API_RESOURCES, { ok: false, error: why }), failure: why };
  } finally {
    clearTimeout(timer);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
