/**
 * 39.10: read the node service log; the "Output of setup script:" and "Output of adding table=0"
 * blocks must show no error. Errors there are findings; SDN-related error lines elsewhere in the
 * log are warnings (the log of a busy node has many unrelated errors, which stay silent).
 */
import { count, msg } from '../../i18n/message.js';
import type { NodeJournal } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence } from '../lib/evidence.js';

/** Lines shown per finding. */
const MAX_LINES = 10;
/** Words that tie an error line to the SDN (openshift-sdn, OVS, CNI, kube-proxy). */
const SDN_WORDS =
  /\b(sdn|ovs|openflow|vxlan|tun0|br0|hostsubnet|cni|iptables|network plugin|pod network|setup script)/i;

export default defineCheck({
  id: 'setup-log',
  section: '10',
  severity: 'error',
  fault: 'sdn-setup-error',
  title: msg('No errors in the node service setup log', 'ノードサービスのセットアップログにエラーがない'),
  requires: { node: ['journal'] },
  run(ctx) {
    for (const node of ctx.nodes) {
      const j = ctx.model.nodeFacts[node]?.journal;
      if (!j) continue;
      const blockErrors = j.value.blocks.flatMap((b) => b.errors);
      if (blockErrors.length) {
        ctx.report({
          node,
          message: msg(
            `The SDN setup on node ${node} logged ${count(blockErrors.length, 'error line')} ("Output of setup script" / "Output of adding table=0"), first: ${blockErrors[0]?.text.trim()}`,
            `ノード ${node} の SDN セットアップでエラーが ${blockErrors.length} 行記録されています（"Output of setup script" / "Output of adding table=0"）。最初の行: ${blockErrors[0]?.text.trim()}`,
          ),
          fix: fixMsg(node),
          evidence: blockErrors.slice(0, MAX_LINES).map((l) => lineEvidence(j.artifact, l)),
        });
      }
      // The node never got (or could not validate) its HostSubnet, or its SDN start-up failed:
      // openshift-sdn logs this at warning level while it waits, and then the node has no pod network.
      const stuck = j.value.setupFailures;
      if (stuck.length) {
        ctx.report({
          node,
          message: msg(
            `The SDN on node ${node} is waiting for or failed its network setup (${count(stuck.length, 'line')}), last: ${stuck[stuck.length - 1]?.text.trim()}`,
            `ノード ${node} の SDN はネットワークのセットアップを待っているか失敗しています（${stuck.length} 行）。最後の行: ${stuck[stuck.length - 1]?.text.trim()}`,
          ),
          fix: msg(
            `Check that a HostSubnet named ${node} exists with this node's IP as hostIP (oc get hostsubnets), then restart the node's SDN.`,
            `${node} という名前の HostSubnet がこのノードの IP を hostIP として存在するか確認し（oc get hostsubnets）、ノードの SDN を再起動してください。`,
          ),
          evidence: stuck.slice(-MAX_LINES).map((l) => lineEvidence(j.artifact, l)),
        });
      }
      const inStuck = new Set(stuck.map((l) => l.line));
      const other = sdnErrorsOutsideBlocks(j.value).filter((l) => !inStuck.has(l.line));
      if (other.length) {
        ctx.report({
          node,
          severity: 'warning',
          message: msg(
            `The node service on ${node} logged ${count(other.length, 'SDN-related error line')}, first: ${other[0]?.text.trim()}`,
            `ノード ${node} のノードサービスが SDN 関連のエラーを ${other.length} 行記録しています。最初の行: ${other[0]?.text.trim()}`,
          ),
          fix: fixMsg(node),
          evidence: other.slice(0, MAX_LINES).map((l) => lineEvidence(j.artifact, l)),
        });
      }
    }
  },
});

function sdnErrorsOutsideBlocks(j: NodeJournal): NodeJournal['errors'][number][] {
  const inBlocks = new Set(j.blocks.flatMap((b) => b.lines.map((l) => l.line)));
  return j.errors.filter((e) => !inBlocks.has(e.line) && SDN_WORDS.test(e.text));
}

function fixMsg(node: string) {
  return msg(
    `Read the lines around these in journalctl -u atomic-openshift-node.service --boot on ${node}, fix the cause (OVS down, iptables/firewalld errors, wrong config), then restart the node service.`,
    `${node} で journalctl -u atomic-openshift-node.service --boot を実行してこれらの行の前後を読み、原因（OVS の停止、iptables／firewalld のエラー、設定誤り）を修正してからノードサービスを再起動してください。`,
  );
}
