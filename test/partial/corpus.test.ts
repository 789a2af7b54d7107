/**
 * The corpus of real public outputs: files posted in public issues, blogs and
 * repositories (3.x and 4.x, several per command, each with its source in its folder's
 * SOURCES.md), most of them excerpts, transcripts or look-alikes of what the command prints. Each
 * is given to the whole pipeline as one node's output: it is read or refused with a warning, and
 * no finding at warning or above appears except the real problems the posters had.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactKind, Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { SEVERITY_RANK } from '../../src/checks/types.js';
import { buildModel } from '../../src/model/index.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');

interface CorpusFile {
  readonly file: string;
  readonly kind: ArtifactKind;
  readonly version: '3.x' | '4.x';
  /** Checks that rightly fire: the problem the poster had (empty: a healthy or partial output). */
  readonly real?: readonly string[];
  /** How our copy was made, when it is not the whole post. */
  readonly argv?: readonly string[];
}

const CORPUS: readonly CorpusFile[] = [
  {
    file: 'ovs-flows/ovs_dump_flows_br0_multitenant_ocp3.6_full_sdn_test.txt',
    kind: 'ovs-flows',
    version: '3.x',
  },
  {
    file: 'ovs-flows/ovs_dump_flows_br0_multitenant_ocp3.9_summitlab_partial.txt',
    kind: 'ovs-flows',
    version: '3.x',
  },
  {
    file: 'ovs-flows/ovs_dump_flows_br0_networkpolicy_ocp4.6_nostats_names_full.txt',
    kind: 'ovs-flows',
    version: '4.x',
  },
  {
    file: 'ovs-flows/ovs_dump_flows_br0_origin_issue16447_ocp3.6_partial.txt',
    kind: 'ovs-flows',
    version: '3.x',
  },
  {
    file: 'ovs-flows/ovs_dump_flows_br0_origin_issue16630_ocp3.7_partial.txt',
    kind: 'ovs-flows',
    version: '3.x',
    // the index kept only the first lines of the posted dump (SOURCES.md): our copy is its head
    argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br0', '|', 'head', '-n', '10'],
  },
  {
    file: 'ovs-flows/ovs_flow_diffs_networkpolicy_ocp3.11_and_4.1_nostats_names.txt',
    kind: 'ovs-flows',
    version: '4.x',
  },
  {
    file: 'ovs-flows/ovs_flow_diffs_networkpolicy_ocp4.6_nostats_names.txt',
    kind: 'ovs-flows',
    version: '4.x',
  },
  {
    file: 'ovs-flows/ovs_flows_trimmed_multitenant_ocp3.x_SecurityNeo.txt',
    kind: 'ovs-flows',
    version: '3.x',
  },
  { file: 'ovs-flows/ovs_flows_trimmed_subnet_ocp3.6_koktlzz.txt', kind: 'ovs-flows', version: '3.x' },
  { file: 'iptables/host_net_and_iptables_nat_ocp3.6_koktlzz.txt', kind: 'iptables-save', version: '3.x' },
  { file: 'iptables/iptables_save_kube_proxy_fragments_issues.txt', kind: 'iptables-save', version: '3.x' },
  {
    file: 'iptables/iptables_save_kube_proxy_nat_svc_openshift3.11_fragment.txt',
    kind: 'iptables-save',
    version: '3.x',
  },
  { file: 'iptables/public-origin-7546-iptables-save-3.1.txt', kind: 'iptables-save', version: '3.x' },
  { file: 'ovs/ovs_ofctl_show_br0_ports_ocp3.6_koktlzz.txt', kind: 'ovs-ports', version: '3.x' },
  { file: 'ovs/public-selinux-org-ovs-vsctl-show-3.11.txt', kind: 'ovs-show', version: '3.x' },
  { file: 'journal/openshift-ansible-780-origin-node.txt', kind: 'node-journal', version: '3.x' },
  // ovs-vsctl cannot reach its database: real SDN errors in the node log
  {
    file: 'journal/origin-13318-ovs-db-missing.txt',
    kind: 'node-journal',
    version: '3.x',
    real: ['setup-log'],
  },
  {
    file: 'journal/public-openshift-ansible-2154-origin-node-vi-months-subnet-wait.txt',
    kind: 'node-journal',
    version: '3.x',
    real: ['setup-log'], // the node never got its HostSubnet (the subject)
  },
  {
    file: 'journal/public-origin-18135-origin-node-3.7-subnet-wait.txt',
    kind: 'node-journal',
    version: '3.x',
    real: ['setup-log'],
  },
  {
    file: 'journal/public-origin-15311-openshift-3.6-sdn-startup-failed.txt',
    kind: 'node-journal',
    version: '3.x',
    real: ['setup-log'],
  },
  // the wait ended: ovs-vsctl re-created br0 right after it
  {
    file: 'journal/public-origin-4300-origin-node-3.6-subnet-then-setup.txt',
    kind: 'node-journal',
    version: '3.x',
  },
  { file: 'journal/public-origin-15910-origin-node-3.6.txt', kind: 'node-journal', version: '3.x' },
  { file: 'journal/public-sdn-306-sdn-pod-4.x-timestamps.txt', kind: 'sdn-pod-log', version: '4.x' },
  {
    file: 'journal/public-openshift-ansible-11498-docker-logs-sdn-3.11.txt',
    kind: 'sdn-pod-log',
    version: '3.x',
  },
  { file: 'journal/public-sdn-140-sdn-pod-3.11.txt', kind: 'sdn-pod-log', version: '3.x' },
  {
    file: 'journal/public-openshift-ansible-11705-oc-logs-sdn-3.11.txt',
    kind: 'sdn-pod-log',
    version: '3.x',
  },
  { file: 'ip-addr/koktlzz-grep-tun0.txt', kind: 'ip-addr', version: '3.x' },
  { file: 'ip-addr/koktlzz-grep-veth.txt', kind: 'ip-addr', version: '3.x' },
  { file: 'ip-addr/koktlzz-show-veth.txt', kind: 'ip-addr', version: '3.x' },
  { file: 'ip-addr/public-installcentos-73-ip-a-3.9.txt', kind: 'ip-addr', version: '3.x' },
  { file: 'ip-addr/public-rh-telco-tigers-ip-addr-4.x.txt', kind: 'ip-addr', version: '4.x' },
  { file: 'ip-route/public-openshift-sdn-151-ip-route.txt', kind: 'ip-route', version: '3.x' },
  { file: 'ip-route/public-rh-telco-tigers-route-n-4.x.txt', kind: 'ip-route', version: '4.x' },
];

/** The facet each kind fills (model/build/node-facet-table.ts), to tell "read" from "ignored". */
const FACET: Partial<Record<ArtifactKind, (f: NonNullable<ReturnType<typeof nodeFacts>>) => unknown>> = {
  'ovs-flows': (f) => f.ovs.flows,
  'iptables-save': (f) => f.iptables,
  'ovs-ports': (f) => f.ovs.ports,
  'ovs-show': (f) => f.ovs.show,
  'node-journal': (f) => f.journal,
  'sdn-pod-log': (f) => f.journal,
  'ip-addr': (f) => f.links,
  'ip-route': (f) => f.routes,
};

function snapshotOf(c: CorpusFile): Snapshot {
  const text = readFileSync(join(FIXTURES, c.file), 'utf8');
  return {
    collectedAt: 'unknown',
    collector: 'corpus',
    api: {},
    warnings: [],
    artifacts: [
      { id: c.file, kind: c.kind, node: 'n1', argv: c.argv ?? [], text, exitCode: 0, collectedAt: 'unknown' },
    ],
  };
}

function nodeFacts(s: Snapshot) {
  return buildModel(s).model.nodeFacts.n1;
}

describe('corpus of real public outputs', () => {
  it('at least 30 files, several per command, 3.x and 4.x, each named with its source in SOURCES.md', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    const perKind = new Map<string, number>();
    // `ovs-ofctl show br0` and `ovs-vsctl show` list the same bridge ports: one command family
    const family = (k: ArtifactKind) => (k === 'ovs-ports' || k === 'ovs-show' ? 'ovs show' : k);
    for (const c of CORPUS) perKind.set(family(c.kind), (perKind.get(family(c.kind)) ?? 0) + 1);
    for (const [kind, n] of perKind) expect(n, kind).toBeGreaterThanOrEqual(2);
    expect(new Set(CORPUS.map((c) => c.version))).toEqual(new Set(['3.x', '4.x']));
    for (const c of CORPUS) {
      const sources = readFileSync(join(FIXTURES, dirname(c.file), 'SOURCES.md'), 'utf8');
      const name = c.file.slice(c.file.lastIndexOf('/') + 1);
      const at = sources.indexOf(name);
      expect(at, `${name} in ${dirname(c.file)}/SOURCES.md`).toBeGreaterThanOrEqual(0);
      // the entry (up to the next entry or heading) says where the output was published
      const rest = sources.slice(at + name.length);
      const end = rest.search(/\n(## |- `)/);
      const entry = end < 0 ? rest : rest.slice(0, end);
      expect(entry, name).toMatch(/github\.com\/[\w.-]+\/[\w.-]+|https?:\/\/\S+/);
      expect(entry, name).not.toMatch(/SYNTHETIC|Captured on a real machine/);
    }
  });

  it.each(CORPUS)('$file ($version): read or refused with a warning, no false finding', (c) => {
    const s = snapshotOf(c);
    const result = analyzeSnapshot(s);
    const loud = [
      ...new Set(
        result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning).map((f) => f.check),
      ),
    ].sort();
    expect(loud).toEqual([...(c.real ?? [])].sort());
    // never silently ignored: the facet holds what was read, or a warning names the file
    const facts = nodeFacts(s);
    const read = facts ? FACET[c.kind]?.(facts) : undefined;
    if (read === undefined) expect(result.warnings.some((w) => w.source === c.file)).toBe(true);
  });
});
