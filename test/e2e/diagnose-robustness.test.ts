/**
 * diagnose when it cannot see everything: a node whose shell hangs, and an API that
 * answers 403/500. The verdict says what could not be checked and why; dependent steps are
 * `unknown`, never `pass`; the run stays bounded.
 */
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/message.js';
import { faultOff, faultOn, labNames } from '../../src/lab/index.js';
import { FAULTS_FILE } from '../../src/lab/api/index.js';
import { createSshShell } from '../../src/sources/live/ssh-shell.js';
import { createNodeShell } from '../../src/sources/shells.js';
import type { NodeShell } from '../../src/sources/node-shell.js';
import { canRunLab, diagnoseLab } from '../../testkit/lab-harness.js';
import { sharedLab } from '../../testkit/lab-suite.js';

const run = canRunLab; // lab-helpers prints why it skips outside CI without root

describe.skipIf(!run)('diagnose in the lab: what cannot be checked', () => {
  const { name } = sharedLab('dgr');
  const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-hang-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a node whose shell hangs: its steps are unknown with the reason, the run stays bounded', async () => {
    // node-3 is reached through the real ssh shell, whose "ssh" never answers: every command
    // there runs into the per-command timeout and is killed by PID.
    const hang = join(dir, 'ssh-that-hangs');
    writeFileSync(hang, '#!/bin/sh\nexec sleep 600\n');
    chmodSync(hang, 0o755);
    const ssh = createSshShell({ sshBinary: hang });
    const wrap = (lab: NodeShell): NodeShell => ({
      name: 'lab+hang',
      run: (target, argv, options) =>
        target.kind !== 'client' && target.node === 'node-3'
          ? ssh.run(target, argv, options)
          : lab.run(target, argv, options),
    });
    const t0 = Date.now();
    const r = await diagnoseLab(name, { shell: wrap, timeoutMs: 1000 });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.verdict.healthy).toBe(false);
    expect(r.verdict.causes.filter((c) => c.node === 'node-3')).toEqual([]);
    const local = r.steps.filter((s) => ['local.ip-forward', 'local.routes', 'local.ovs'].includes(s.id));
    expect(local.map((s) => s.status)).toEqual(['unknown', 'unknown', 'unknown']);
    // the SDN's log is the sdn pod's (3.11, 4.x), read through the API (`oc logs`), not the node
    // shell: node-3's was read, and says nothing wrong
    expect(r.steps.find((s) => s.id === 'logs')?.status).toBe('pass');
    expect(r.artifacts.some((a) => a.kind === 'sdn-pod-log' && a.node === 'node-3' && !a.error)).toBe(true);
    expect(local[0]!.evidence.map((e) => render(e, 'en')).join('\n')).toMatch(/node-3.*timeout/);
    expect(r.verdict.unchecked.map((u) => u.reason.en).join('\n')).toMatch(/node-3/);
  });

  it('pod-exec against an API that refuses exec (403): node steps unknown with the reason, no cause invented', async () => {
    // The real pod-exec shell: it finds each node's ovs/sdn pod through the API (label and field
    // selectors) and asks the exec API, which the lab answers with 403 as RBAC would for its reader.
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromFile(labNames(name).kubeconfig);
    // The lab's reader context: RBAC lets it read but not create pods/exec (src/lab/api/users.ts).
    kc.setCurrentContext(kc.getContexts().find((c) => c.name.endsWith('-reader'))!.name);
    const podExec = createNodeShell('pod-exec', { kubeConfig: kc });
    const wrap = (lab: NodeShell): NodeShell => ({
      name: 'pod-exec+client',
      run: (target, argv, options) =>
        target.kind === 'client' ? lab.run(target, argv, options) : podExec.run(target, argv, options),
    });
    const r = await diagnoseLab(name, { shell: wrap, timeoutMs: 1500 });
    expect(r.verdict.causes).toEqual([]);
    expect(r.verdict.healthy).toBe(false);
    const ovs = r.steps.find((s) => s.id === 'local.ovs')!;
    expect(ovs.status).toBe('unknown');
    expect(ovs.evidence.map((e) => render(e, 'en')).join('\n')).toMatch(
      /exec in openshift-sdn\/ovs-[a-z0-9]+ refused.*403|403/,
    );
    expect(r.steps.find((s) => s.id === 'service.ip')!.status).toBe('unknown');
  });

  it('debug-pod against a read-only API: the pod cannot be created, and the shell says so', async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromFile(labNames(name).kubeconfig);
    kc.setCurrentContext(kc.getContexts().find((c) => c.name.endsWith('-reader'))!.name);
    const shell = createNodeShell('debug-pod', { kubeConfig: kc });
    try {
      const r = await shell.run({ kind: 'node', node: 'node-1' }, ['ip', 'route', 'show'], {
        timeoutMs: 2000,
      });
      expect(r.exitCode).toBeNull();
      expect(r.error).toMatch(/cannot create a debug pod on node-1/);
    } finally {
      await shell.close?.();
    }
  });

  it('resolv.conf unreadable on the nodes: the pod-vs-outside DNS comparison still finds the wildcard (39.9)', async () => {
    await faultOn(name, 'egress-dns-wildcard');
    try {
      const wrap = (lab: NodeShell): NodeShell => ({
        name: 'lab-no-resolv',
        run: (target, argv, options) =>
          target.kind === 'node' && argv.join(' ') === 'cat /etc/resolv.conf'
            ? Promise.resolve({
                stdout: '',
                stderr: '',
                exitCode: null,
                error: 'exec forbidden (403)',
                durationMs: 0,
              })
            : lab.run(target, argv, options),
      });
      const r = await diagnoseLab(name, { shell: wrap });
      expect(r.verdict.causes.length).toBeGreaterThan(0);
      for (const c of r.verdict.causes) {
        expect(c.fault).toBe('egress-dns-wildcard');
        expect(c.pod).toMatch(/^(demo|shop)\//);
      }
      expect(r.steps.find((s) => s.id === 'egress-dns')!.status).toBe('fail');
    } finally {
      await faultOff(name, 'egress-dns-wildcard');
    }
  });

  it('an API that answers 403 for pods: router and service steps are unknown, not pass', async () => {
    const faults = join(labNames(name).apiDir, FAULTS_FILE);
    writeFileSync(faults, JSON.stringify({ pods: { status: 403 } }));
    try {
      const r = await diagnoseLab(name);
      const step = (id: string) => r.steps.find((s) => s.id === id)!;
      expect(step('external.router-host').status).toBe('unknown');
      expect(step('external.router-host').verdict.en).toMatch(/403|forbidden/i);
      expect(r.verdict.healthy).toBe(false);
      expect(r.steps.some((s) => s.status === 'pass' && s.id === 'external.router-host')).toBe(false);
    } finally {
      unlinkSync(faults);
    }
  });

  it('an API that answers 500 for everything: no cause is invented, every API step is unknown', async () => {
    const faults = join(labNames(name).apiDir, FAULTS_FILE);
    writeFileSync(faults, JSON.stringify({ '*': { status: 500, message: 'etcd down' } }));
    try {
      const r = await diagnoseLab(name);
      for (const id of [
        'external.router-host',
        'router.route',
        'local.ip-forward',
        'local.ovs',
        'logs',
        'kube-proxy',
      ]) {
        expect(r.steps.find((s) => s.id === id)!.status).toBe('unknown');
      }
      expect(r.verdict.causes).toEqual([]);
      expect(r.verdict.unchecked.map((u) => u.reason.en).join('\n')).toMatch(/500|etcd down/);
    } finally {
      unlinkSync(faults);
    }
  });
});
