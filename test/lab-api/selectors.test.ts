/** Label and field selectors as apimachinery parses and matches them. */
import { describe, expect, it } from 'vitest';
import { matchesFields, parseFieldSelector } from '../../src/lab/api/field-selector.js';
import { matchesLabels, parseLabelSelector } from '../../src/lab/api/label-selector.js';
import { findResource } from '../../src/lab/api/resources.js';

const pods = findResource('', 'v1', 'pods')!;
const services = findResource('', 'v1', 'services')!;
const nodes = findResource('', 'v1', 'nodes')!;

function labelMatch(selector: string, labels: Record<string, string> | undefined): boolean {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) throw new Error(parsed.error);
  return matchesLabels(parsed.requirements, labels);
}

describe('label selectors', () => {
  const router = { router: 'router', deploymentconfig: 'router' };
  it('exists and does-not-exist', () => {
    expect(labelMatch('router', router)).toBe(true);
    expect(labelMatch('router', { app: 'x' })).toBe(false);
    expect(labelMatch('!router', { app: 'x' })).toBe(true);
    expect(labelMatch('!router', router)).toBe(false);
    expect(labelMatch('router', undefined)).toBe(false);
  });
  it('equality and inequality (inequality also matches objects without the key)', () => {
    expect(labelMatch('router=router', router)).toBe(true);
    expect(labelMatch('router==router', router)).toBe(true);
    expect(labelMatch('router=other', router)).toBe(false);
    expect(labelMatch('router!=other', router)).toBe(true);
    expect(labelMatch('router!=router', router)).toBe(false);
    expect(labelMatch('missing!=x', router)).toBe(true);
    expect(labelMatch('router=', router)).toBe(false);
    expect(labelMatch('missing=', {})).toBe(false);
  });
  it('sets, whitespace and AND', () => {
    expect(labelMatch('router in (a, router)', router)).toBe(true);
    expect(labelMatch('router in (a,b)', router)).toBe(false);
    expect(labelMatch('router notin (a,b)', router)).toBe(true);
    expect(labelMatch('missing notin (a)', router)).toBe(true);
    expect(labelMatch(' router , deploymentconfig in (router) ', router)).toBe(true);
    expect(labelMatch('router,app', router)).toBe(false);
  });
  it('gt / lt compare integers', () => {
    expect(labelMatch('tier>2', { tier: '3' })).toBe(true);
    expect(labelMatch('tier>2', { tier: '2' })).toBe(false);
    expect(labelMatch('tier<2', { tier: 'x' })).toBe(false);
  });
  it('prefixed keys', () => {
    expect(
      labelMatch('node-role.kubernetes.io/infra=true', { 'node-role.kubernetes.io/infra': 'true' }),
    ).toBe(true);
  });
  it('rejects malformed selectors', () => {
    for (const bad of ['app in hello', 'app in (a', '=x', 'a b', 'app notin (a b)', 'x>y', 'a,,b', 'a=b=c']) {
      expect(parseLabelSelector(bad).ok, bad).toBe(false);
    }
  });
});

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'router-1', namespace: 'default' },
    spec: { nodeName: 'node-1' },
    status: { phase: 'Running', podIP: '10.128.0.4' },
  };
  const match = (selector: string, obj: Record<string, unknown>, info = pods) => {
    const parsed = parseFieldSelector(selector, info);
    if (!parsed.ok) throw new Error(parsed.error);
    return matchesFields(parsed.requirements, obj);
  };
  it('=, ==, != on the pod fields the API server supports', () => {
    expect(match('spec.nodeName=node-1', pod)).toBe(true);
    expect(match('spec.nodeName==node-2', pod)).toBe(false);
    expect(match('status.phase!=Pending,status.podIP=10.128.0.4', pod)).toBe(true);
    expect(match('metadata.name=router-1,metadata.namespace=default', pod)).toBe(true);
    expect(match('metadata.namespace=web', pod)).toBe(false);
  });
  it('an absent field is empty; an absent spec.unschedulable is "false"', () => {
    expect(match('spec.nodeName=', { metadata: { name: 'p' } })).toBe(true);
    expect(match('spec.unschedulable=false', { metadata: { name: 'n' } }, nodes)).toBe(true);
    expect(match('spec.unschedulable=true', { spec: { unschedulable: true } }, nodes)).toBe(true);
  });
  it('escaped separators belong to the value', () => {
    expect(match('metadata.name=a\\,b', { metadata: { name: 'a,b' } })).toBe(true);
    expect(match('metadata.name=a\\=b', { metadata: { name: 'a=b' } })).toBe(true);
  });
  it('rejects labels the resource does not support', () => {
    const r = parseFieldSelector('spec.nodeName=node-1', services);
    expect(r).toEqual({ ok: false, error: 'field label not supported: spec.nodeName' });
    expect(parseFieldSelector('nonsense', pods).ok).toBe(false);
  });
});
