import { describe, expect, it } from 'vitest';
import { StepRecorder } from '../../src/diagnose/recorder.js';
import type { DiagnoseEvent } from '../../src/diagnose/types.js';
import { msg } from '../../src/i18n/message.js';

const title = msg('t', 't');

describe('StepRecorder', () => {
  it('a later pass never hides an earlier fail or unknown', async () => {
    const rec = new StepRecorder(() => 1000);
    const a = await rec.run('mtu', '8', title, (s) => {
      s.fail(msg('bad', 'bad'));
      s.pass(msg('fine', 'fine'));
    });
    const b = await rec.run('logs', '10', title, (s) => {
      s.unknown(msg('?', '?'));
      s.pass(msg('fine', 'fine'));
    });
    expect([a.status, b.status]).toEqual(['fail', 'unknown']);
    expect(rec.unchecked.map((u) => u.step)).toEqual(['logs']);
  });

  it('a step that throws is unknown with the reason, and the walk goes on', async () => {
    const rec = new StepRecorder(() => 1000);
    const r = await rec.run('local.ovs', '7.4', title, () => {
      throw new Error('boom');
    });
    expect(r.status).toBe('unknown');
    expect(r.verdict.en).toMatch(/boom/);
  });

  it('after the run time bound, steps are unknown without running', async () => {
    let ran = false;
    const rec = new StepRecorder(() => 0);
    const r = await rec.run('kube-proxy', '11', title, () => {
      ran = true;
    });
    expect(ran).toBe(false);
    expect(r.status).toBe('unknown');
    expect(r.verdict.en).toMatch(/time bound/);
  });

  it('a step that concludes nothing is unknown, never pass', async () => {
    const rec = new StepRecorder(() => 1000);
    expect((await rec.run('mtu', '8', title, () => undefined)).status).toBe('unknown');
  });

  it('records causes with the step and the catalogue section, and reports progress events', async () => {
    const events: DiagnoseEvent['type'][] = [];
    const rec = new StepRecorder(
      () => 1000,
      (e) => events.push(e.type),
    );
    await rec.run('local.ip-forward', '7.3.1', title, (s) => {
      s.cause({ fault: 'ip-forward-off', node: 'n', summary: title, fix: title, evidence: [] });
      s.fail(title);
    });
    rec.skip('logs', '10', title, msg('not needed', '不要'));
    expect(rec.causes[0]).toMatchObject({
      fault: 'ip-forward-off',
      section: '7.3.1',
      step: 'local.ip-forward',
    });
    expect(events).toEqual(['step-start', 'step-end', 'step-end']);
    expect(rec.steps.map((s) => s.status)).toEqual(['fail', 'skipped']);
  });
});

describe('StepRecorder.hidden', () => {
  it('a step that failed only behind a known cause becomes unknown naming it; listed once', async () => {
    const rec = new StepRecorder(() => 1000);
    await rec.run('mtu', '8', title, (s) => s.fail(msg('DF ping lost', 'DF ping lost')));
    const why = msg('proves nothing behind flow-pod-missing', 'x');
    rec.hidden('mtu', why, { fault: 'flow-pod-missing', node: 'node-2' }, true);
    rec.hidden('mtu', why, { fault: 'flow-pod-missing', node: 'node-2' }, true);
    expect(rec.steps[0]).toMatchObject({ status: 'unknown', verdict: why });
    expect(rec.unchecked).toEqual([
      { step: 'mtu', reason: why, hiddenBy: { fault: 'flow-pod-missing', node: 'node-2' } },
    ]);
  });

  it('a step that also concluded a cause of its own stays fail, and the hidden layer is still listed', async () => {
    const rec = new StepRecorder(() => 1000);
    await rec.run('service.each-endpoint', '5', title, (s) => s.fail(msg('x', 'x')));
    rec.hidden('service.each-endpoint', msg('y', 'y'), { fault: 'ip-forward-off' }, false);
    expect(rec.steps[0]!.status).toBe('fail');
    expect(rec.unchecked.map((u) => u.hiddenBy?.fault)).toEqual(['ip-forward-off']);
  });
});
