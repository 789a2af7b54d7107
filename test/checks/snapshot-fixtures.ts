/**
 * The fixture cluster of model-fixtures.ts as a Snapshot — node command outputs as artifacts of the
 * fixed command list, API objects in their REST shapes — so tests can run the whole pipeline
 * (buildModel → checks → reports → CLI) on it.
 */
import { NODE_COMMANDS, probeCommands, type Artifact, type Snapshot } from '../../src/artifacts/index.js';
import type { ClusterTexts, NodeTexts } from './model-fixtures.js';

const AT = '2026-11-21T10:00:00Z';

/** Which text of NodeTexts each command of the fixed list produced. */
const TEXT_OF: Partial<Record<string, keyof NodeTexts>> = {
  'ip-addr': 'ipAddr',
  'ip-route': 'ipRoute',
  sysctl: 'sysctl',
  'ovs-list-br': 'listBr',
  'ovs-ports': 'ports',
  'ovs-flows': 'flows',
  'iptables-save': 'iptables',
  'resolv-conf': 'resolvConf',
  'node-config': 'nodeConfig',
  'node-journal': 'journal',
};

export function toSnapshot(t: ClusterTexts): Snapshot {
  const artifacts: Artifact[] = [];
  for (const [node, texts] of Object.entries(t.node)) {
    for (const cmd of NODE_COMMANDS) {
      const key = TEXT_OF[cmd.kind];
      const text = key ? texts[key] : undefined;
      if (text === undefined) continue;
      artifacts.push({
        id: `nodes/${node}/${cmd.file}`,
        kind: cmd.kind,
        node,
        argv: cmd.argv,
        text,
        exitCode: 0,
        collectedAt: AT,
      });
    }
  }
  for (const d of t.digs) {
    artifacts.push({
      id: d.artifact,
      kind: d.kind,
      ...(d.node ? { node: d.node } : {}),
      ...(d.where ? { where: d.where } : {}),
      argv: d.kind === 'dig-short' ? probeCommands.digShort(d.name) : probeCommands.digSearchAnswer(d.name),
      text: d.text,
      exitCode: 0,
      collectedAt: AT,
    });
  }
  const cn = t.clusterNetwork;
  const ok = (items: unknown[]) => ({ ok: true as const, items });
  return {
    collectedAt: AT,
    collector: 'test',
    warnings: [],
    artifacts,
    api: {
      clusternetworks: ok([
        {
          metadata: { name: cn.name },
          network: cn.clusterCIDRs[0],
          hostsubnetlength: cn.hostSubnetLength,
          serviceNetwork: cn.serviceNetwork,
          pluginName: cn.pluginName,
          clusterNetworks: cn.clusterCIDRs.map((c) => ({ CIDR: c, hostSubnetLength: cn.hostSubnetLength })),
          vxlanPort: cn.vxlanPort,
          ...(cn.mtu !== undefined ? { mtu: cn.mtu } : {}),
        },
      ]),
      hostsubnets: ok(
        t.hostSubnets.map((h) => ({
          metadata: { name: h.name },
          host: h.host,
          hostIP: h.hostIP,
          subnet: h.subnet,
        })),
      ),
      netnamespaces: ok([{ metadata: { name: 'default' }, netname: 'default', netid: 0 }]),
      nodes: ok(
        t.nodes.map((n) => ({
          metadata: { name: n.name, labels: n.labels },
          status: {
            addresses: n.addresses,
            conditions: [{ type: 'Ready', status: n.ready ? 'True' : 'False' }],
          },
        })),
      ),
      pods: ok(
        t.pods.map((p) => ({
          metadata: { namespace: p.namespace, name: p.name, labels: p.labels },
          spec: {
            nodeName: p.node,
            hostNetwork: p.hostNetwork,
            containers: [
              {
                name: 'c',
                ports: p.containerPorts.map((c) => ({ containerPort: c.port, protocol: c.protocol })),
              },
            ],
          },
          status: {
            phase: p.phase,
            hostIP: p.hostIP,
            podIP: p.podIP,
            conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }],
          },
        })),
      ),
      services: ok(
        t.services.map((s) => ({
          metadata: { namespace: s.namespace, name: s.name, labels: s.labels },
          spec: {
            type: s.type,
            clusterIP: s.clusterIP,
            ...(s.selector ? { selector: s.selector } : {}),
            ports: s.ports,
          },
        })),
      ),
      endpoints: ok(
        t.endpoints.map((e) => ({
          metadata: { namespace: e.namespace, name: e.name, labels: e.labels },
          subsets: e.subsets.map((s) => ({
            ...(s.addresses.length ? { addresses: s.addresses.map(endpointAddress) } : {}),
            ...(s.notReadyAddresses.length
              ? { notReadyAddresses: s.notReadyAddresses.map(endpointAddress) }
              : {}),
            ports: s.ports,
          })),
        })),
      ),
      routes: ok(
        t.routes.map((r) => ({
          metadata: { namespace: r.namespace, name: r.name },
          spec: {
            host: r.host,
            ...(r.path ? { path: r.path } : {}),
            to: { kind: 'Service', name: r.service },
          },
          status: { ingress: [{ routerName: 'router', conditions: [{ type: 'Admitted', status: 'True' }] }] },
        })),
      ),
    },
  };
}

function endpointAddress(a: ClusterTexts['endpoints'][number]['subsets'][number]['addresses'][number]) {
  return {
    ip: a.ip,
    ...(a.nodeName ? { nodeName: a.nodeName } : {}),
    ...(a.targetPod
      ? { targetRef: { kind: 'Pod', namespace: a.targetPod.namespace, name: a.targetPod.name } }
      : {}),
  };
}
