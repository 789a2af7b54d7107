/** Loopback ports for tests that talk to their own servers (network traffic stays on 127.0.0.1). */
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
