/** Loopback ports for tests that talk to their own servers (network traffic stays on 127.0.0.1). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server } from 'node:net';

/** Starts `server` on an ephemeral 127.0.0.1 port; resolves to that port. */
export async function listenOnLoopback(server: Pick<Server, 'listen' | 'address'>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A loopback port nobody listens on (free a moment ago): connecting to it is refused. */
export async function closedLoopbackPort(): Promise<number> {
  const tmp = createServer();
  const port = await listenOnLoopback(tmp);
  await new Promise<void>((r) => tmp.close(() => r()));
  return port;
}

/**
 * A kubeconfig for a plain-HTTP test API server on loopback port `port` (client-node accepts http
 * only with insecure-skip-tls-verify), with a bearer token; written to `<dir>/<name>.kubeconfig`.
 */
export async function loopbackKubeconfig(dir: string, port: number, name = 'loopback'): Promise<string> {
  const path = join(dir, `${name}.kubeconfig`);
  await writeFile(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: test-token}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
      '',
    ].join('\n'),
  );
  return path;
}
