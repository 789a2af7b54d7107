/**
 * Who a request comes from, and what RBAC lets them do (the lab's stand-in for the authorizer).
 * The lab's kubeconfig holds two users: the admin (every verb the lab serves) and a reader whose
 * role is sdn-doctor's read-only ClusterRole without `create pods/exec` and without pod writes —
 * so that "403 on exec" is the real answer to a real request, not a switch.
 */
import type { IncomingMessage } from 'node:http';

/** The reader's bearer token ends with this (see kubeconfig.ts). */
export const READER_TOKEN_SUFFIX = '-reader-token';
/** The user name RBAC denials name for the reader. */
export const READER_USER = 'system:serviceaccount:sdn-doctor:lab-reader';

export interface LabUser {
  readonly name: string;
  /** create pods/exec, create/delete pods (debug-pod), write NetworkPolicies and namespace labels. */
  readonly mayWrite: boolean;
}

/**
 * The user behind a request: the reader's bearer token, or the admin impersonating the reader
 * (`kubectl --as <READER_USER>`: kubectl sends no token over plain HTTP, but it does send the
 * Impersonate-User header); anyone else is the admin, as a client certificate would be.
 */
export function userOf(req: IncomingMessage): LabUser {
  const auth = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? '';
  if (token.endsWith(READER_TOKEN_SUFFIX) || req.headers['impersonate-user'] === READER_USER)
    return { name: READER_USER, mayWrite: false };
  return { name: 'system:admin', mayWrite: true };
}
