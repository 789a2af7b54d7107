import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/artifacts/types.js';
import tlsHandshake from '../../../src/checks/rules/tls-handshake-timeout.js';
import { runChecks } from '../../../src/checks/run.js';
import { buildModel } from '../../../src/model/index.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

// 39.13.2: the guide's example line, as docker writes it into the node's journal
const TLS = (node: string) =>
  `Nov 21 10:00:07 ${node} dockerd-current[812]: time="2026-11-21T10:00:07Z" level=info msg="couldn't get deployment demo/web-1: Get https://172.30.0.1:443/api/v1/namespaces/demo/replicationcontrollers/web-1: net/http: TLS handshake timeout"\n`;

checkTester(tlsHandshake, {
  valid: [{ name: 'healthy: no TLS handshake timeout in the logs', model: () => modelWith() }],
  invalid: [
    {
      name: 'a TLS handshake timeout on node-2 points at the MTU check (no fault of its own)',
      model: () => modelWith(onNode('node-2', (n) => (n.journal = `${n.journal ?? ''}${TLS('node-2')}`))),
      expect: [
        {
          node: 'node-2',
          fault: null,
          severity: 'warning',
          messageIncludes: 'logged 1 TLS handshake timeout',
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'journal not collected on node-3',
      node: 'node-3',
      model: () => modelWith(onNode('node-3', (n) => (n.journal = undefined))),
    },
  ],
});

describe('39.13.2 in an sdn pod log, through the model (a line captured in the lab)', () => {
  // client-go's own lines (kubectl against the lab's passthrough route under mtu-mismatch): what the
  // sdn pod, a client-go program too, logs when its API connection crosses such a tunnel
  const captured = readFileSync(
    new URL('../../fixtures/journal/lab-client-go-tls-handshake-timeout.txt', import.meta.url),
    'utf8',
  );
  const healthySdnLog = readFileSync(
    new URL('../../fixtures/journal/public-sdn-140-sdn-pod-3.11.txt', import.meta.url),
    'utf8',
  );
  const journalArtifact = (text: string, exitCode = 0) => ({
    id: 'nodes/node-2/journal-node.txt',
    kind: 'node-journal' as const,
    node: 'node-2',
    argv: ['journalctl', '-u', 'atomic-openshift-node.service', '--boot', '--no-pager', '-n', '5000'],
    text,
    exitCode,
    collectedAt: '2026-12-05T21:08:00Z',
  });
  const analyze = (sdnLog: string, ...more: ReturnType<typeof journalArtifact>[]) => {
    const snap: Snapshot = {
      collectedAt: '2026-12-05T21:08:00Z',
      collector: 'test',
      api: {},
      artifacts: [
        {
          id: 'nodes/node-2/sdn-pod-log.txt',
          kind: 'sdn-pod-log',
          node: 'node-2',
          argv: ['oc', 'logs', '-n', 'openshift-sdn', 'sdn-x7k2p', '-c', 'sdn'],
          text: sdnLog,
          exitCode: 0,
          collectedAt: '2026-12-05T21:08:00Z',
        },
        ...more,
      ],
      warnings: [],
    };
    const { model, warnings } = buildModel(snap);
    expect(model.nodeFacts['node-2']?.journal?.artifact).toBe('nodes/node-2/sdn-pod-log.txt');
    return { ...runChecks(model, [tlsHandshake]), warnings };
  };

  it('finds the timeouts in the sdn pod log and points at the MTU check, with the log lines', () => {
    const r = analyze(`${healthySdnLog.trimEnd()}\n${captured}`);
    expect(r.statuses[0]?.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect([f.node, f.fault, f.severity]).toEqual(['node-2', undefined, 'warning']);
    // eight lines say it: five discovery tries, then client-go's and kubectl's verdicts on them
    expect(f.message.en).toContain('logged 8 TLS handshake timeouts');
    expect(f.message.ja).toContain('TLS ハンドシェイクのタイムアウトが 8 件');
    expect(f.evidence).toHaveLength(5);
    for (const e of f.evidence) {
      expect(e.artifact).toBe('nodes/node-2/sdn-pod-log.txt');
      expect(e.excerpt).toMatch(/TLS handshake timeout$/);
    }
    expect(f.evidence.at(-1)?.excerpt).toContain(
      'Unable to connect to the server: net/http: TLS handshake timeout',
    );
  });

  it('finds them in the node journal (kubelet, docker) when the sdn pod log is the setup log', () => {
    const r = analyze(healthySdnLog, journalArtifact(captured));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.message.en).toContain('logged 8 TLS handshake timeouts');
    for (const e of r.findings[0]!.evidence) expect(e.artifact).toBe('nodes/node-2/journal-node.txt');
  });

  it('an unreadable node journal beside the sdn pod log is warned about once, and says nothing', () => {
    const r = analyze(healthySdnLog, journalArtifact('', 1));
    expect(r.findings).toEqual([]);
    expect(r.warnings.filter((w) => w.source === 'nodes/node-2/journal-node.txt')).toHaveLength(1);
  });

  it('stays silent on the same sdn pod log without them', () => {
    const r = analyze(healthySdnLog);
    expect(r.statuses[0]?.status).toBe('pass');
    expect(r.findings).toEqual([]);
  });
});
