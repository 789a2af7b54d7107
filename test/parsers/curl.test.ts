import { describe, expect, it } from 'vitest';
import { parseCurlVerbose } from '../../src/parsers/curl.js';
import { hostFixture } from './host-fixture.js';

const curl = (f: string) => parseCurlVerbose(hostFixture('curl', f));

describe('parseCurlVerbose (curl 7.88 captures)', () => {
  it('200: connected, request, status, lower-cased headers', () => {
    const r = curl('ok-200.txt');
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual({
      resolvedIp: '10.99.2.2',
      port: 8000,
      connected: true,
      requestLine: 'GET / HTTP/1.1',
      requestHost: '10.99.2.2:8000',
      httpVersion: '1.0',
      status: 200,
      statusLine: { line: 9, raw: '< HTTP/1.0 200 OK' },
      responseHeaders: {
        server: 'BaseHTTP/0.6 Python/3.11.7',
        date: 'Sat, 21 Nov 2026 22:21:33 GMT',
        'content-type': 'text/plain',
        'content-length': '3',
      },
    });
  });

  it('503 from a named host', () => {
    expect(curl('http-503.txt').records).toMatchObject({
      connected: true,
      requestLine: 'GET /bar HTTP/1.1',
      requestHost: 'router.example.test:8000',
      status: 503,
      statusLine: { line: 9, raw: '< HTTP/1.0 503 Service Unavailable' },
    });
  });

  it.each([
    ['refused.txt', 'refused', 2, 8002, '* connect to 10.99.2.2 port 8002 failed: Connection refused'],
    ['timeout.txt', 'timeout', 2, 8003, '* Connection timed out after 2000 milliseconds'],
    ['no-route.txt', 'no-route', 2, 8000, '* connect to 10.99.1.77 port 8000 failed: No route to host'],
    ['net-unreachable.txt', 'no-route', 2, 8000, '* Immediate connect fail for 10.200.0.5: No route to host'],
  ])(
    '%s: not connected, failure %s at line %d (the specific reason, not the generic summary)',
    (f, kind, line, port, raw) => {
      const r = curl(f);
      expect(r.warnings).toEqual([]);
      expect(r.records).toMatchObject({ connected: false, failure: kind, failureLine: { line, raw }, port });
      expect(r.records.status).toBeUndefined();
    },
  );

  it('resolve failure has no address at all', () => {
    expect(curl('resolve.txt').records).toEqual({
      connected: false,
      failure: 'resolve',
      failureLine: { line: 1, raw: '* Could not resolve host: missing.example.test.' },
      responseHeaders: {},
    });
  });

  it('reset after connect: connected, failure reset, no status', () => {
    expect(curl('reset.txt').records).toMatchObject({
      connected: true,
      failure: 'reset',
      failureLine: { line: 8, raw: '* Recv failure: Connection reset by peer' },
      requestLine: 'GET /bar HTTP/1.1',
    });
  });

  it('TLS: version, cipher, subject, then the response', () => {
    expect(curl('tls-200.txt').records).toMatchObject({
      connected: true,
      port: 8443,
      status: 200,
      statusLine: { line: 44 },
      tls: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', subject: 'CN=router.example.test' },
    });
  });

  it('the 39.9 wildcard: a missing name still connects and answers', () => {
    expect(curl('wildcard-hijack.txt').records).toMatchObject({
      connected: true,
      status: 503,
      resolvedIp: '10.99.2.2',
    });
  });
});

describe('parseCurlVerbose (curl 8.x wording)', () => {
  it('refused with `from <ip> port <n>` and the 8.x Connected line without (#0)', () => {
    const text = [
      '* Host 10.99.2.2:8002 was resolved.',
      '* IPv6: (none)',
      '* IPv4: 10.99.2.2',
      '*   Trying 10.99.2.2:8002...',
      '* connect to 10.99.2.2 port 8002 from 10.99.1.2 port 40512 failed: Connection refused',
      '* Failed to connect to 10.99.2.2 port 8002 after 0 ms: Could not connect to server',
      '* closing connection #0',
      'curl: (7) Failed to connect to 10.99.2.2 port 8002 after 0 ms: Could not connect to server',
    ].join('\n');
    expect(parseCurlVerbose(text).records).toMatchObject({
      resolvedIp: '10.99.2.2',
      port: 8002,
      connected: false,
      failure: 'refused',
      failureLine: { line: 5 },
    });
  });

  it('timeout reported as `Timeout was reached`, and an HTTP/2 answer', () => {
    expect(
      parseCurlVerbose(
        '*   Trying 10.0.0.9:443...\n* Failed to connect to 10.0.0.9 port 443 after 2002 ms: Timeout was reached\n',
      ).records.failure,
    ).toBe('timeout');
    const h2 = parseCurlVerbose(
      '* Connected to a (10.0.0.9) port 443\n> GET / HTTP/2\n< HTTP/2 302\n< location: /x\n',
    );
    expect(h2.records).toMatchObject({
      connected: true,
      httpVersion: '2',
      status: 302,
      responseHeaders: { location: '/x' },
    });
  });
});

describe('parseCurlVerbose (curl 7.29 wording, RHEL 7 hosts of OpenShift 3)', () => {
  it('refused and timed out', () => {
    const refused = [
      '* About to connect() to 1.2.3.4 port 8000 (#0)',
      '*   Trying 1.2.3.4...',
      '* Connection refused',
      '* Failed connect to 1.2.3.4:8000; Connection refused',
      '* Closing connection 0',
      'curl: (7) Failed connect to 1.2.3.4:8000; Connection refused',
    ].join('\n');
    expect(parseCurlVerbose(refused).records).toMatchObject({
      resolvedIp: '1.2.3.4',
      connected: false,
      failure: 'refused',
      failureLine: { line: 3 },
    });
    expect(
      parseCurlVerbose(
        '*   Trying 1.2.3.4...\ncurl: (7) Failed connect to 1.2.3.4:8000; Connection timed out\n',
      ).records.failure,
    ).toBe('timeout');
  });
});

describe('parseCurlVerbose (curl 7.64 without -s: the progress meter runs into the error)', () => {
  it('still reads the exit line', () => {
    const text = [
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
      '                                 Dload  Upload   Total   Spent    Left  Speed',
      '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0curl: (7) Failed to connect to 172.17.0.2 port 80: Connection refused',
    ].join('\n');
    expect(parseCurlVerbose(text).records).toMatchObject({
      connected: false,
      failure: 'refused',
      failureLine: { line: 3 },
    });
  });
});

describe('parseCurlVerbose on non-curl text', () => {
  it('warns when no trace line is present; an empty text has no warning and no verdict', () => {
    const r = parseCurlVerbose('hello world\nnot a trace\n');
    expect(r.records).toEqual({ connected: false, responseHeaders: {} });
    expect(r.warnings.map((w) => w.line)).toEqual([0]);
    expect(parseCurlVerbose('')).toEqual({
      records: { connected: false, responseHeaders: {} },
      warnings: [],
    });
  });
});
