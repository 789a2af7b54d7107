/**
 * The kubeconfig `lab up` writes: one cluster, user and context named after the lab, so that
 * `kubectl --kubeconfig <file>` and sdn-doctor (`--lab NAME`) talk to the lab API. The token is a
 * fixed dummy: the lab API only tells its two users apart by it (users.ts) and no real secret is ever
 * written.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { READER_TOKEN_SUFFIX } from './users.js';

/**
 * Writes (atomically, mode 0600 like kubectl) a kubeconfig for the lab API at `url`. With `caFile`
 * (an HTTPS lab API's certificate) the server is verified; otherwise TLS verification is off.
 */
export function writeKubeconfig(path: string, url: string, name: string, caFile?: string): void {
  const cluster = caFile
    ? { server: url, 'certificate-authority-data': readFileSync(caFile).toString('base64') }
    : // Plain HTTP: client-go and @kubernetes/client-node accept http:// only with this flag.
      { server: url, 'insecure-skip-tls-verify': true };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [
      { name: `${name}-admin`, user: { token: `lab-${name}-dummy-token` } },
      // a user RBAC lets read but not exec (users.ts): `--context <name>-reader`
      { name: `${name}-reader`, user: { token: `lab-${name}${READER_TOKEN_SUFFIX}` } },
    ],
    contexts: [
      { name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } },
      { name: `${name}-reader`, context: { cluster: name, user: `${name}-reader`, namespace: 'default' } },
    ],
    'current-context': name,
    preferences: {},
  };
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, stringify(config), { mode: 0o600 });
  renameSync(temp, path);
}
