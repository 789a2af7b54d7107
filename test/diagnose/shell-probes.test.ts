/**
 * The argv probes through a real shell (the local one) against loopback: curl, ping, tracepath,
 * `ip route get`, parsed by the real parsers into the shapes diagnose reads.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalShell } from '../../src/sources/live/local-shell.js';
import { curlFrom, pingFrom, routeGetFrom, tracepathFrom } from '../../src/sources/probes/shell-probes.js';
import { closedLoopbackPort, listenOnLoopback } from '../../testkit/loopback.js';

const shell = createLocalShell();
const here = { kind: 'client' } as const;
let server: Server;
let port = 0;
let closedPort = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end('no backend');
  });
  port = await listenOnLoopback(server);
  closedPort = await closedLoopbackPort();
});
afterAll(() => new Promise((r) => server.close(r)));

describe('curlFrom (39.3 / 39.5 curl -kv)', () => {
  it('reads the status of an answer, and keeps the output as a probe artifact', async () => {
    const r = await curlFrom(shell, here, `http://127.0.0.1:${port}/test`, 2000);
    expect(r).toMatchObject({ connect: 'connected', tcpConnected: true, status: 503 });
    expect(r.unavailable).toBeUndefined();
    expect(r.artifact).toMatchObject({ kind: 'curl', where: 'client' });
    expect(r.artifact?.text).toMatch(/HTTP\/1\.1 503/);
    expect(r.ran.argv[0]).toBe('curl');
  });

  it('says refused when nothing listens', async () => {
    const r = await curlFrom(shell, here, `http://127.0.0.1:${closedPort}/`, 2000);
    expect(r.connect).toBe('refused');
    expect(r.tcpConnected).toBe(false);
    expect(r.status).toBeUndefined();
  });

  it('says timeout, connected, when the server accepts and never answers', async () => {
    const silent = createNetServer(() => undefined);
    const silentPort = await listenOnLoopback(silent);
    try {
      const r = await curlFrom(shell, here, `http://127.0.0.1:${silentPort}/`, 1000);
      expect(r.connect).toBe('timeout');
      expect(r.tcpConnected).toBe(true);
      expect(r.tlsHandshakeStalled).toBeUndefined(); // http: no TLS to stall
    } finally {
      silent.close();
    }
  });

  it('39.13.2: https, TCP connected, no server hello → the TLS handshake stalled', async () => {
    const silent = createNetServer(() => undefined);
    const silentPort = await listenOnLoopback(silent);
    try {
      const r = await curlFrom(shell, here, `https://127.0.0.1:${silentPort}/`, 1000);
      expect(r).toMatchObject({ connect: 'timeout', tcpConnected: true, tlsHandshakeStalled: true });
      expect(r.artifact?.text).toMatch(/Client hello/);
    } finally {
      silent.close();
    }
  });
});

describe('ping, tracepath, ip route get through the shell', () => {
  it('ping counts replies', async () => {
    const r = await pingFrom(shell, here, '127.0.0.1', 1000);
    expect(r.unavailable).toBeUndefined();
    expect(r).toMatchObject({ transmitted: 3, received: 3 });
  });

  it('tracepath reaches loopback', async () => {
    const r = await tracepathFrom(shell, here, '127.0.0.1', 3000);
    expect(r.unavailable).toBeUndefined();
    expect(r.reached).toBe(true);
  });

  it('ip route get names the device', async () => {
    const r = await routeGetFrom(shell, here, '127.0.0.1', 1000);
    expect(r.dev).toBe('lo');
    expect(r.error).toBeUndefined();
  });

  it('a shell that cannot run the command gives unavailable, not a failed probe', async () => {
    const r = await pingFrom(
      createLocalShell({ localNode: 'me' }),
      { kind: 'node', node: 'other' },
      '127.0.0.1',
      500,
    );
    expect(r.unavailable).toMatch(/only on node me/);
  });
});
