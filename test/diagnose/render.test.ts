import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/report/diagnose-progress.js';
import { renderText, toJson } from '../../src/report/diagnose.js';
import type { DiagnoseResult, StepResult } from '../../src/diagnose/types.js';
import { msg } from '../../src/i18n/message.js';

const step: StepResult = {
  id: 'local.ip-forward',
  section: '7.3.1',
  title: msg('IP forwarding enabled', 'IP 転送が有効か'),
  status: 'fail',
  ran: [{ where: 'node/node-2', argv: ['sysctl', 'net.ipv4.ip_forward'] }],
  evidence: ['nodes/node-2/sysctl.txt:1: net.ipv4.ip_forward = 0'],
  verdict: msg('1 finding(s): ip-forward-off', '検出 1 件: ip-forward-off'),
  durationMs: 3,
};
const result: DiagnoseResult = {
  url: 'http://www.example.com/test',
  verdict: {
    healthy: false,
    causes: [
      {
        fault: 'ip-forward-off',
        section: '7.3.1',
        node: 'node-2',
        summary: msg('net.ipv4.ip_forward = 0 on node-2', 'node-2 で net.ipv4.ip_forward = 0'),
        fix: msg('sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.ip_forward=1 を実行'),
        evidence: ['nodes/node-2/sysctl.txt:1: net.ipv4.ip_forward = 0'],
        step: 'local.ip-forward',
      },
    ],
    unchecked: [
      { step: 'logs', reason: msg('node-3: timeout after 2000 ms', 'node-3: 2000 ms でタイムアウト') },
    ],
  },
  steps: [step],
  durationMs: 10,
  api: {},
  artifacts: [],
};

function sink(): { stream: Writable; text: () => string } {
  let s = '';
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        s += c.toString();
        cb();
      },
    }),
    text: () => s,
  };
}

describe('toJson', () => {
  it('has exactly the contract fields, in the chosen language', () => {
    const doc = toJson(result, 'ja') as Record<string, unknown> & {
      verdict: { causes: Record<string, unknown>[] };
      steps: Record<string, unknown>[];
    };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.url).toBe(result.url);
    expect(doc.verdict.causes[0]).toEqual({
      fault: 'ip-forward-off',
      section: '7.3.1',
      node: 'node-2',
      summary: 'node-2 で net.ipv4.ip_forward = 0',
      fix: 'sysctl -w net.ipv4.ip_forward=1 を実行',
      evidence: ['nodes/node-2/sysctl.txt:1: net.ipv4.ip_forward = 0'],
    });
    expect(doc.steps[0]).toMatchObject({
      id: 'local.ip-forward',
      section: '7.3.1',
      status: 'fail',
      ran: step.ran,
      evidence: step.evidence,
      durationMs: 3,
    });
  });
});

describe('renderText', () => {
  it('shows each step with what ran, where and the evidence, then the verdict with fix and what was not checked', () => {
    const t = renderText(result, 'en');
    expect(t).toContain('§7 local network on the nodes\n  ✖ §7.3.1 IP forwarding enabled');
    expect(t).toContain('$ [node/node-2] sysctl net.ipv4.ip_forward');
    expect(t).toContain('VERDICT: 1 root cause found');
    expect(t).toContain('fix: sysctl -w net.ipv4.ip_forward=1');
    expect(t).toContain('logs: node-3: timeout after 2000 ms');
    expect(renderText(result, 'ja')).toContain('判定: 根本原因 1 件');
  });

  it('says one reason once with the steps it stopped, and evidence in the run language', () => {
    const down = msg(
      'the API could not be read: no kubeconfig',
      'API を読めませんでした: kubeconfig がありません',
    );
    const grouped: DiagnoseResult = {
      ...result,
      verdict: {
        ...result.verdict,
        unchecked: [
          { step: 'external.router-host', reason: down },
          {
            step: 'external.reach',
            reason: msg('no router address to reach', '到達確認するルーターアドレスがありません'),
          },
          { step: 'router.endpoints', reason: down },
          { step: 'router.route', reason: down },
        ],
      },
      steps: [
        {
          ...step,
          evidence: [
            msg('node-1 → node-2: node address unknown', 'node-1 → node-2: ノードのアドレスが不明です'),
          ],
        },
      ],
    };
    const en = renderText(grouped, 'en');
    expect(en.match(/no kubeconfig/g)).toHaveLength(1);
    expect(en).toContain(
      '  - the API could not be read: no kubeconfig\n      steps: external.router-host, router.endpoints, router.route',
    );
    expect(en).toContain('  - external.reach: no router address to reach');
    expect(en).toContain('│ node-1 → node-2: node address unknown');
    const ja = renderText(grouped, 'ja');
    expect(ja).toContain('ステップ: external.router-host, router.endpoints, router.route');
    expect(ja).toContain('│ node-1 → node-2: ノードのアドレスが不明です');
    expect((toJson(grouped, 'ja') as { steps: { evidence: string[] }[] }).steps[0]!.evidence).toEqual([
      'node-1 → node-2: ノードのアドレスが不明です',
    ]);
  });
});

describe('createProgress', () => {
  it('on a pipe: plain lines, no escape codes', () => {
    const out = sink();
    const p = createProgress(out.stream, false, 'en', false);
    p.onEvent({ type: 'step-start', id: step.id, section: step.section, title: step.title });
    p.onEvent({ type: 'step-end', step });
    p.stop();
    expect(out.text()).toBe(
      '§7 local network on the nodes\n  ✖ §7.3.1 IP forwarding enabled — 1 finding(s): ip-forward-off (3 ms)\n',
    );
  });

  it('on a terminal: a spinner line for the running step, replaced by its result', () => {
    const out = sink();
    const p = createProgress(out.stream, true, 'ja', false);
    p.onEvent({ type: 'step-start', id: step.id, section: step.section, title: step.title });
    p.onEvent({ type: 'step-end', step });
    p.stop();
    const esc = String.fromCharCode(27);
    const text = out.text();
    // heading of the layer, then the spinner line of the running step, replaced by its coloured result
    expect(text.startsWith('§7 ノードのローカルネットワーク\n')).toBe(true);
    expect(text).toContain(`\r${esc}[2K  ⠋ §7.3.1 IP 転送が有効か`);
    expect(text).toContain(`\r${esc}[2K${esc}[31m  ✖ §7.3.1 IP 転送が有効か`);
  });
});
