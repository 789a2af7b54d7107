import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/diagnose/steps-external.js';
import type { WalkState } from '../../src/diagnose/state.js';
import { endpointConclusions } from '../../src/diagnose/walk.js';
import type { Candidate } from '../../src/diagnose/root-cause.js';
import type { Route } from '../../src/model/types.js';

const route = (name: string, host: string, path?: string): Route => ({
  namespace: 'demo',
  name,
  host,
  service: name,
  ...(path ? { path } : {}),
});

describe('matchRoute (39.4: host and path)', () => {
  const routes = [
    route('root', 'www.example.com'),
    route('test', 'www.example.com', '/test'),
    route('other', 'a.example.com'),
  ];
  it('takes the longest matching path prefix', () => {
    expect(matchRoute(routes, 'www.example.com', '/test/x')?.name).toBe('test');
    expect(matchRoute(routes, 'WWW.example.com', '/')?.name).toBe('root');
  });
  it('finds nothing for an unknown host', () => {
    expect(matchRoute(routes, 'b.example.com', '/')).toBeUndefined();
    expect(
      matchRoute([route('test', 'www.example.com', '/test')], 'www.example.com', '/nope'),
    ).toBeUndefined();
  });
});

function state(): WalkState {
  return {
    url: new URL('http://x/'),
    host: 'x',
    port: 80,
    path: '/',
    targets: [],
    nodes: ['node-1', 'node-2', 'node-3'],
    failedEndpoints: [],
    failedService: [],
    answered: new Set(),
    prefetch: {},
  };
}

describe('endpointConclusions (39.5)', () => {
  const t = { ip: '10.128.2.2', port: 8080, node: 'node-2', pod: 'demo/web-2' };
  it('an endpoint that fails from every node, its own included, is endpoint-down on its node', () => {
    const st = state();
    for (const from of st.nodes)
      st.failedEndpoints.push({ target: t, from, connect: 'refused', excerpt: 'Connection refused' });
    const out: Candidate[] = [];
    endpointConclusions(st, out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      fault: 'endpoint-down',
      node: 'node-2',
      pod: 'demo/web-2',
      involves: ['node-2'],
    });
    expect(out[0]!.fix.en).toMatch(/Nothing listens/);
  });
  it('an endpoint that answers from some node is a path problem, not endpoint-down', () => {
    const st = state();
    st.failedEndpoints.push({ target: t, from: 'node-1', connect: 'timeout', excerpt: 'timed out' });
    st.answered.add('node-2|10.128.2.2');
    const out: Candidate[] = [];
    endpointConclusions(st, out);
    expect(out).toEqual([]);
  });
});
