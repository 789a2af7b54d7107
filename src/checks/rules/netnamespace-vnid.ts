/**
 * Pipeline reference §4.1/§4.3/§5: with the multitenant and networkpolicy plugins every flow that
 * tags a packet with a VNID loads its NetNamespace's netid — table 20 (`load:V->NXM_NX_REG0[]`, from
 * a local pod), table 70 (`load:V->NXM_NX_REG1[]`, to a local pod) and table 60
 * (`load:V->NXM_NX_REG1[]`, a service of that namespace). Another value isolates the pod or service
 * from its own project and admits it into another one.
 */
import { msg } from '../../i18n/message.js';
import { objectKey } from '../../model/object-key.js';
import { pluginKindOfName } from '../../model/plugin-kind.js';
import type { Flow } from '../../model/types.js';
import { clusterFacetsCollected } from '../lib/collected.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { findFlows, matchValue } from '../lib/flows.js';
import { localSdnPods } from '../lib/pods.js';

export default defineCheck({
  id: 'netnamespace-vnid',
  section: '7.4',
  severity: 'error',
  fault: 'vnid-mismatch',
  title: msg(
    'Pod and service flows carry their NetNamespace netid (tables 20, 60, 70)',
    'Pod とサービスのフローが NetNamespace の netid を持つ（テーブル 20、60、70）',
  ),
  // Subnet has no VNIDs: only the isolating plugins need NetNamespaces.
  requires: { cluster: ['clusterNetwork'], node: ['ovs.flows'], layout: true },
  run(ctx) {
    const m = ctx.model;
    const plugin = pluginKindOfName(m.clusterNetwork!.value.pluginName);
    if (plugin !== 'multitenant' && plugin !== 'networkpolicy') return;
    if (!clusterFacetsCollected(ctx, ['netNamespaces', 'pods', 'services'])) return;
    const netids = new Map(m.netNamespaces!.value.map((n) => [n.name, n.netid]));
    const netnsArtifact = m.netNamespaces!.artifact;
    for (const node of ctx.nodes) {
      const layout = ctx.layout(node);
      const flows = m.nodeFacts[node]?.ovs.flows;
      if (!flows) continue;
      const check = (
        what: string,
        ns: string,
        flow: Flow,
        reg: 'REG0' | 'REG1',
        pod?: string,
        service?: string,
      ) => {
        const want = netids.get(ns);
        if (want === undefined) {
          ctx.unknown(
            msg(`namespace ${ns} has no NetNamespace`, `namespace ${ns} に NetNamespace がありません`),
            node,
          );
          return;
        }
        const loaded = loadedVnid(flow, reg);
        if (loaded === undefined || loaded === want) return;
        ctx.report({
          node,
          ...(pod ? { pod } : {}),
          ...(service ? { service } : {}),
          message: msg(
            `Node ${node}: the table ${flow.table} flow of ${what} loads VNID ${loaded}, but NetNamespace ${ns} has netid ${want}: it is isolated from its own project.`,
            `ノード ${node}: ${what} のテーブル ${flow.table} のフローは VNID ${loaded} を設定していますが、NetNamespace ${ns} の netid は ${want} です。自分のプロジェクトから分離されています。`,
          ),
          fix: msg(
            `Restart the SDN pod on ${node} (it reprograms the pod and service flows from the NetNamespaces); if the netid changed recently (oc adm pod-network join-projects), restart the pods of ${ns}.`,
            `${node} の SDN Pod を再起動してください（NetNamespace から Pod とサービスのフローが再設定されます）。netid を最近変更した場合（oc adm pod-network join-projects）は ${ns} の Pod を再起動してください。`,
          ),
          evidence: [
            lineEvidence(flows.artifact, flow),
            summaryEvidence(netnsArtifact, `${ns} netid ${want}`),
          ],
        });
      };
      for (const pod of localSdnPods(m, node)) {
        const ip = pod.podIP as string;
        const key = objectKey(pod);
        for (const f of findFlows(flows.value, {
          table: layout.fromPod,
          proto: 'ip',
          fields: { nw_src: ip },
        }))
          check(`pod ${key}`, pod.namespace, f, 'REG0', key);
        for (const f of findFlows(flows.value, {
          table: layout.toLocalPod,
          proto: 'ip',
          fields: { nw_dst: ip },
        }))
          check(`pod ${key}`, pod.namespace, f, 'REG1', key);
      }
      for (const svc of m.services!.value) {
        if (!svc.clusterIP || svc.clusterIP === 'None') continue;
        const key = objectKey(svc);
        for (const f of flows.value)
          if (f.table === layout.service && matchValue(f, 'nw_dst')?.replace(/\/32$/, '') === svc.clusterIP)
            check(`service ${key}`, svc.namespace, f, 'REG1', undefined, key);
      }
    }
  },
});

/** `load:0x3039->NXM_NX_REG0[]` → 12345. */
function loadedVnid(flow: Flow, reg: 'REG0' | 'REG1'): number | undefined {
  const a = flow.actions.find((x) => x.kind === 'load' && x.dst === `NXM_NX_${reg}[]`);
  if (!a || a.kind !== 'load') return undefined;
  const n = Number(a.value);
  return Number.isInteger(n) ? n : undefined;
}
