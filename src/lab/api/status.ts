/**
 * `Status` objects: how a Kubernetes API server answers errors (apimachinery `metav1.Status`).
 * kubectl prints `Error from server (<reason>): <message>` from them, and client libraries read
 * `code`, so the lab answers with the same reasons and message wording as a real API server.
 */
import { pathName, qualifiedName, type ResourceInfo } from './resources.js';
import { READER_USER } from './users.js';

/** The JSON body of an error answer. */
export interface StatusBody {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: Record<string, unknown>;
  readonly code: number;
}

/** The `reason` a real API server gives for an HTTP status code. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A Status for any code; reason from the table above (`Unknown` otherwise, as apimachinery does). */
export function statusBody(code: number, message: string, details?: Record<string, unknown>): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? 'Unknown',
    ...(details ? { details } : {}),
    code,
  };
}

/** 404 for a path that names nothing (e.g. /openapi/v2): the apiserver's generic wording. */
export function pathNotFound(): StatusBody {
  return statusBody(404, 'the server could not find the requested resource', {});
}

/** 404 for an object: `pods "x" not found`. */
export function objectNotFound(info: ResourceInfo, name: string): StatusBody {
  return statusBody(404, `${qualifiedName(info)} "${name}" not found`, {
    name,
    ...(info.group ? { group: info.group } : {}),
    kind: pathName(info),
  });
}

/** 405 for write verbs on what the lab API does not let clients write. */
export function methodNotAllowed(): StatusBody {
  return statusBody(405, 'the server does not allow this method on the requested resource', {});
}

/** 400 for a bad selector or query parameter. */
export function badRequest(message: string): StatusBody {
  return statusBody(400, message);
}

/**
 * 403 worded like RBAC's answer, so that what a user sees from the lab matches a real cluster:
 * `hostsubnets.network.openshift.io is forbidden: User "…" cannot list resource "hostsubnets" in
 * API group "network.openshift.io" at the cluster scope`.
 */
export function forbidden(
  info: ResourceInfo | undefined,
  verb: string,
  namespace: string | undefined,
  subresource?: string,
  name?: string,
): StatusBody {
  const user = READER_USER;
  if (!info) return statusBody(403, `forbidden: User "${user}" cannot ${verb} path`, {});
  const resource = subresource ? `${pathName(info)}/${subresource}` : pathName(info);
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  // RBAC names the object when the request names one: `pods "sdn-x" is forbidden: …`.
  const what = name ? `${qualifiedName(info)} "${name}"` : qualifiedName(info);
  return statusBody(
    403,
    `${what} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${info.group}" ${scope}`,
    { ...(name ? { name } : {}), ...(info.group ? { group: info.group } : {}), kind: pathName(info) },
  );
}
