import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpNative, resolveNative, tcpConnectNative } from '../../src/sources/probes/native.js';
import { resolverAnswered } from '../../src/diagnose/steps-external.js';
import { closedLoopbackPort, listenOnLoopback } from '../../testkit/loopback.js';

let server: Server;
let port = 0;
let closedPort = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.headers.host?.startsWith('www.example.test:') ? 200 : 404, {
      'x-host': req.headers.host ?? '',
    });
    res.end('ok');
  });
  port = await listenOnLoopback(server);
  closedPort = await closedLoopbackPort();
});
afterAll(() => new Promise((r) => server.close(r)));

describe('tcpConnectNative (39.3 telnet)', () => {
  it('tells connected from refused', async () => {
    expect((await tcpConnectNative('127.0.0.1', port, 1000)).result).toBe('connected');
    const refused = await tcpConnectNative('127.0.0.1', closedPort, 1000);
    expect(refused.result).toBe('refused');
    expect(refused.detail).toMatch(/ECONNREFUSED/);
  });
});

describe('httpNative (39.3 curl -kv)', () => {
  it('sends the URL host as Host header to the given address', async () => {
    const r = await httpNative(`http://www.example.test:${port}/test`, '127.0.0.1', 2000);
    expect(r.connect).toBe('connected');
    expect(r.status).toBe(200);
    expect(r.headers['x-host']).toBe(`www.example.test:${port}`);
  });

  it('tells "connected, then no answer" from a connection timeout', async () => {
    const silent = createNetServer(() => undefined); // accepts, never answers
    const p = await listenOnLoopback(silent);
    try {
      const r = await httpNative(`http://www.example.test:${p}/`, '127.0.0.1', 300);
      expect(r.connect).toBe('timeout');
      expect(r.tcpConnected).toBe(true);
    } finally {
      silent.close();
    }
  });

  it('39.13.2: an https server that accepts and never answers → TLS handshake stalled', async () => {
    const silent = createNetServer(() => undefined);
    const p = await listenOnLoopback(silent);
    try {
      const r = await httpNative(`https://www.example.test:${p}/`, '127.0.0.1', 300);
      expect(r).toMatchObject({ connect: 'timeout', tcpConnected: true, tlsHandshakeStalled: true });
      expect(String((r.excerpt as { en: string }).en)).toContain('TLS handshake did not finish');
      const plain = await httpNative(`http://www.example.test:${p}/`, '127.0.0.1', 300);
      expect(plain.tlsHandshakeStalled).toBeUndefined();
    } finally {
      silent.close();
    }
  });

  it('reports refused for a closed port', async () => {
    const r = await httpNative(`http://www.example.test:${closedPort}/`, '127.0.0.1', 2000);
    expect(r.connect).toBe('refused');
    expect(r.status).toBeUndefined();
  });
});

describe('resolveNative (39.3 dig) against a real dnsmasq on loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-dns-'));
  let dnsmasq: ChildProcess | undefined;
  const dnsPort = 20000 + Math.floor(Math.random() * 20000);
  beforeAll(async () => {
    writeFileSync(
      join(dir, 'dnsmasq.conf'),
      `no-resolv\nno-hosts\nport=${dnsPort}\nlisten-address=127.0.0.1\nbind-interfaces\naddress=/www.example.test/192.0.2.11\n`,
    );
    dnsmasq = spawn('dnsmasq', ['--keep-in-foreground', `--conf-file=${join(dir, 'dnsmasq.conf')}`], {
      stdio: 'ignore',
    });
    await new Promise((r) => setTimeout(r, 300));
  });
  afterAll(() => {
    if (dnsmasq?.pid) process.kill(dnsmasq.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the address and the resolver used', async () => {
    const r = await resolveNative('www.example.test', 1000, [`127.0.0.1:${dnsPort}`]);
    expect(r.addresses).toEqual(['192.0.2.11']);
    expect(r.resolver).toContain(`127.0.0.1:${dnsPort}`);
    expect(r.error).toBeUndefined();
  });

  it('says NXDOMAIN for a name that does not exist', async () => {
    const r = await resolveNative('nothing.invalid', 1000, [`127.0.0.1:${dnsPort}`]);
    expect(r.addresses).toEqual([]);
    expect(r.error).toBeDefined();
  });

  it('a resolver that refuses (nothing on its port) is "no answer", not a missing record', async () => {
    const r = await resolveNative('www.example.test', 1000, [`127.0.0.1:${dnsPort + 1}`]);
    expect(r.addresses).toEqual([]);
    expect(r.error).toBe('ECONNREFUSED');
    expect(resolverAnswered(r.error)).toBe(false);
    for (const e of ['timeout', 'EREFUSED', 'ESERVFAIL', 'ECONNREFUSED'])
      expect(resolverAnswered(e)).toBe(false);
    for (const e of ['NXDOMAIN', 'NODATA', undefined]) expect(resolverAnswered(e)).toBe(true);
  });

  it('passes an address through without asking', async () => {
    const r = await resolveNative('192.0.2.7', 1000, [`127.0.0.1:${dnsPort}`]);
    expect(r.addresses).toEqual(['192.0.2.7']);
  });
});
