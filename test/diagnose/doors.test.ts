/** Issue 15: `diagnose --from` parses its source and target, and tells the door from the API. */
import { describe, expect, it } from 'vitest';
import { classifyTarget, parseFrom, parseTarget } from '../../src/diagnose/doors.js';
import { modelWith, WEB_VIP } from '../checks/model-fixtures.js';

describe('parseFrom', () => {
  it('takes pod/NS/NAME and node/NAME', () => {
    expect(parseFrom('pod/demo/web-1-a1b2c')).toEqual({
      kind: 'pod',
      namespace: 'demo',
      name: 'web-1-a1b2c',
    });
    expect(parseFrom('node/node-2')).toEqual({ kind: 'node', node: 'node-2' });
  });
  it('refuses anything else', () => {
    for (const s of ['pod/demo', 'svc/demo/web', 'node/', 'node-2', 'pod/Demo/x', 'pod/demo/x/y'])
      expect(parseFrom(s), s).toBeUndefined();
  });
});

describe('parseTarget', () => {
  it('objects with or without a port', () => {
    expect(parseTarget('svc/demo/web:80')).toEqual({ kind: 'svc', namespace: 'demo', name: 'web', port: 80 });
    expect(parseTarget('pod/demo/web-1:8080')).toMatchObject({ kind: 'pod', port: 8080 });
    expect(parseTarget('svc/demo/web')).toEqual({ kind: 'svc', namespace: 'demo', name: 'web' });
    expect(parseTarget('svc/demo/web:70000')).toBeUndefined();
  });
  it('a URL, host:port or a bare name', () => {
    expect(parseTarget('https://x.example.org/a')).toMatchObject({ kind: 'url' });
    const hp = parseTarget('10.128.0.2:8080');
    expect(hp?.kind === 'url' && hp.url.toString()).toBe('http://10.128.0.2:8080/');
    const n = parseTarget('www.example.org');
    expect(n?.kind === 'url' && n.url.hostname).toBe('www.example.org');
    expect(parseTarget('ftp://x/')).toBeUndefined();
  });
});

describe('classifyTarget (§5 service, §7 pod, §9 egress)', () => {
  const m = modelWith();
  const door = (s: string) => classifyTarget(m, parseTarget(s)!);
  it('a service by object, IP or DNS name', () => {
    for (const s of [
      'svc/demo/web:80',
      `${WEB_VIP}:80`,
      'web.demo.svc',
      'http://web.demo.svc.cluster.local/x',
    ]) {
      const d = door(s);
      expect(d.kind, s).toBe('service');
      expect(d.kind === 'service' && d.url, s).toMatch(
        new RegExp(`^http://${WEB_VIP.replace(/\./g, '\\.')}:80/`),
      );
    }
  });
  it('a pod by object or IP', () => {
    expect(door('pod/demo/web-1-a1b2c:8080')).toMatchObject({
      kind: 'pod',
      port: 8080,
      url: 'http://10.128.0.2:8080/',
    });
    expect(door('10.128.0.2:8080')).toMatchObject({ kind: 'pod' });
  });
  it('anything else is the egress door', () => {
    expect(door('www.example.org')).toMatchObject({ kind: 'egress', host: 'www.example.org' });
    expect(door('192.168.122.200')).toMatchObject({ kind: 'egress' });
  });
  it('unknown objects say why, in both languages', () => {
    const d = door('svc/demo/nope:80');
    expect(d.kind).toBe('unknown');
    expect(d.kind === 'unknown' && d.reason.ja).toContain('存在しません');
    expect(door('nope.demo.svc').kind).toBe('unknown');
    expect(door('svc/demo/web:81').kind).toBe('unknown');
    expect(classifyTarget({ ...m, services: undefined }, parseTarget('svc/demo/web')!).kind).toBe('unknown');
  });
});
