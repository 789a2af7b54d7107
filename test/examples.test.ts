/**
 * The bundled examples (captured from a real lab run, see examples/README.md): `analyze` finds
 * each fault the faulty one contains and nothing else, and nothing at warning or above on the
 * healthy one: the examples are what a new user tries first.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../src/checks/analyze.js';
import { SEVERITY_RANK } from '../src/checks/types.js';
import { readBundle } from '../src/sources/bundle/index.js';

const atLeastWarning = (severity: 'error' | 'warning' | 'info') =>
  SEVERITY_RANK[severity] >= SEVERITY_RANK.warning;

describe('examples/', () => {
  it('healthy-3node: no finding at warning or above, no input warning', async () => {
    const result = analyzeSnapshot(await readBundle('examples/healthy-3node'));
    expect(result.findings.filter((f) => atLeastWarning(f.severity))).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.nodes).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('faulty-3node: exactly the injected faults, on the right objects', async () => {
    const result = analyzeSnapshot(await readBundle('examples/faulty-3node'));
    const found = [
      ...new Set(
        result.findings
          .filter((f) => atLeastWarning(f.severity))
          .map((f) => [f.fault, f.node, f.pod, f.service].filter(Boolean).join(' ')),
      ),
    ].sort();
    expect(found).toEqual(
      [
        'flow-pod-missing node-3 demo/web-1-8xwxc',
        'flow-tun-dst-missing node-1',
        'ip-forward-off node-2',
        'svc-masquerade-missing node-1',
        'svc-nat-missing node-3 shop/shop',
      ].sort(),
    );
    // Every finding carries evidence from the bundle.
    for (const f of result.findings) expect(f.evidence.length).toBeGreaterThan(0);
  });

  // 4.x (issue 12): captured from `lab up --release 4.x` (rule version 13, the operator objects)
  it('healthy-4x: OpenShift 4.x on rule version 13, no finding at warning or above, nothing unknown', async () => {
    const result = analyzeSnapshot(await readBundle('examples/healthy-4x'));
    expect(result.findings.filter((f) => atLeastWarning(f.severity))).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.statuses.filter((c) => c.status === 'unknown')).toEqual([]);
    expect(result.release?.release).toBe('4.x');
    expect(result.nodes).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it("faulty-4x: exactly mtu-mismatch, on every node, read from the Network operator's object", async () => {
    const result = analyzeSnapshot(await readBundle('examples/faulty-4x'));
    const loud = result.findings.filter((f) => atLeastWarning(f.severity));
    expect(loud.map((f) => `${f.fault} ${f.node}`)).toEqual([
      'mtu-mismatch node-1',
      'mtu-mismatch node-2',
      'mtu-mismatch node-3',
    ]);
    for (const f of loud)
      expect(f.evidence.some((e) => e.artifact === 'api/operatornetworks.json')).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('networkpolicy-3node: exactly policy-flow-stale on node-2, one per stale flow, naming only its own pod', async () => {
    const snapshot = await readBundle('examples/networkpolicy-3node');
    const result = analyzeSnapshot(snapshot);
    const loud = result.findings.filter((f) => atLeastWarning(f.severity));
    // node-2 kept the deleted policy's allow flow for each web pod (openshift-sdn writes them for
    // every selected pod); its table 80 decides only for its own pod, the one a finding names
    expect(loud.map((f) => `${f.fault} ${f.node}`)).toEqual(Array(3).fill('policy-flow-stale node-2'));
    const named = loud.flatMap((f) => (f.pod ? [f.pod] : []));
    expect(named).toHaveLength(1);
    const pods = snapshot.api.pods?.ok ? snapshot.api.pods.items : [];
    const podNode = (key: string) =>
      (pods as { metadata: { namespace: string; name: string }; spec: { nodeName: string } }[]).find(
        (p) => `${p.metadata.namespace}/${p.metadata.name}` === key,
      )?.spec.nodeName;
    expect(podNode(named[0]!)).toBe('node-2');
    expect(result.warnings).toEqual([]);
  });
});
