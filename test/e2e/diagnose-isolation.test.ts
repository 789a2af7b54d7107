/**
 * Issue 15, the pod door with project isolation: on a multitenant lab, `diagnose --from pod/A
 * pod/B:8080` across projects says the pair is isolated by the plugin as intended (not a dataplane
 * fault, no cause), while a pair of the same project across nodes answers.
 */
import { describe, expect, it } from 'vitest';
import { canRunLab, describeCauses, diagnoseLab } from '../../testkit/lab-harness.js';
import { sharedLab } from '../../testkit/lab-suite.js';
import { curl } from '../../testkit/lab-helpers.js';

const E2E = { timeoutMs: 3000 };

describe.skipIf(!canRunLab)('the pod door on a multitenant lab (issue 15)', () => {
  const lab = sharedLab('iso', 'multitenant');
  const pod = (ns: string, node: string) =>
    lab.status.pods.find((p) => p.namespace === ns && p.node === node)!;
  const ref = (p: { namespace: string; name: string }) => `pod/${p.namespace}/${p.name}`;

  it('demo → shop across nodes: isolated by the plugin as intended, no cause', async () => {
    const a = pod('demo', 'node-1');
    const b = pod('shop', 'node-2');
    // the isolation is real: the pod gets no answer
    expect((await curl(a.netns, `http://${b.ip}:8080/`, 2)).http).not.toBe('200');
    const r = await diagnoseLab(lab.name, { ...E2E, from: ref(a), url: `${ref(b)}:8080` });
    expect(describeCauses(r)).toBe('(none)');
    const step = r.steps.find((s) => s.id === 'pod.from-source')!;
    expect(step.status).toBe('pass');
    expect(step.verdict.en).toContain('isolated by the ovs-multitenant plugin as intended');
    expect(step.verdict.ja).toContain('意図どおり分離されています');
    expect(r.verdict.healthy).toBe(true);
  }, 180_000);

  it('demo → demo across nodes: answers, healthy', async () => {
    const a = pod('demo', 'node-1');
    const b = pod('demo', 'node-2');
    const r = await diagnoseLab(lab.name, { ...E2E, from: ref(a), url: `${ref(b)}:8080` });
    expect(describeCauses(r)).toBe('(none)');
    expect(r.steps.find((s) => s.id === 'pod.from-source')?.status).toBe('pass');
    expect(r.verdict.healthy).toBe(true);
  }, 180_000);
});
