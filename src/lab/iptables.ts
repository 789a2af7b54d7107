/**
 * A node's iptables (nat + filter) as openshift-sdn 3.11 and its embedded kube-proxy (k8s 1.11,
 * iptables mode, masquerade bit 0) write them: pipeline.md §7.3 and §8. Pure; the output is
 * `iptables-restore` input, the same lines kube-proxy itself feeds to iptables-restore.
 */
import { createHash } from 'node:crypto';
import { objectKey } from '../model/object-key.js';

/** RFC 4648 base32 (what kube-proxy uses for chain names). */
function base32(buf: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

const chainHash = (s: string): string => base32(createHash('sha256').update(s).digest()).slice(0, 16);

/** `KUBE-SVC-` + base32(sha256(servicePortName + protocol))[:16]; servicePortName = `ns/name:port`. */
export function serviceChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${chainHash(servicePortName + protocol.toLowerCase())}`;
}

/** `KUBE-SEP-` + base32(sha256(servicePortName + protocol + "ip:port"))[:16]. */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${chainHash(servicePortName + protocol.toLowerCase() + endpoint)}`;
}

/** k8s ≤1.16 (3.x) writes the probability with `%0.5f`. */
export function probability(n: number): string {
  return (1 / n).toFixed(5);
}

export interface ServicePortIptables {
  readonly namespace: string;
  readonly name: string;
  readonly portName: string;
  readonly clusterIP: string;
  readonly port: number;
  readonly protocol: string;
  readonly nodePort?: number;
  /** §13.1: the service's `externalIPs`. */
  readonly externalIPs?: readonly string[];
  /** Ready endpoints `ip:port`. */
  readonly endpoints: readonly string[];
}

export interface NodeIptablesSpec {
  readonly clusterNetworks: readonly string[];
  readonly vxlanPort: number;
  readonly services: readonly ServicePortIptables[];
  /** Fault svc-nat-missing: services (`ns/name`) whose KUBE-SERVICES rules are gone on this node. */
  readonly omitServiceNat?: readonly string[];
  /** Fault nodeport-nat-missing (§13.1): services (`ns/name`) whose KUBE-NODEPORTS rules are gone. */
  readonly omitNodePorts?: readonly string[];
  /** Fault svc-masquerade-missing (39.7.4.1): the OPENSHIFT-MASQUERADE MASQUERADE rule is gone. */
  readonly omitMasquerade?: boolean;
  /** Rules inserted at the top of filter chains (faults iptables-drop, router-timeout). */
  readonly extraFilterRules?: readonly string[];
}

const q = (s: string): string => `"${s}"`;

/** The nat and filter tables of one node as iptables-restore input. */
export function generateNodeIptables(spec: NodeIptablesSpec): string {
  const cn0 = spec.clusterNetworks[0] ?? '10.128.0.0/14';
  const omit = new Set(spec.omitServiceNat ?? []);
  const omitNodePorts = new Set(spec.omitNodePorts ?? []);
  const natChains = new Set([
    'KUBE-MARK-DROP',
    'KUBE-MARK-MASQ',
    'KUBE-NODEPORTS',
    'KUBE-POSTROUTING',
    'KUBE-SERVICES',
    'OPENSHIFT-MASQUERADE',
  ]);
  const nat: string[] = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "rules for masquerading OpenShift traffic" -j OPENSHIFT-MASQUERADE',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x1/0x1',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x1/0x1 -j MASQUERADE',
    '-A OPENSHIFT-MASQUERADE -m mark --mark 0x1/0x1 -j RETURN',
  ];
  if (!spec.omitMasquerade) {
    // SNAT pod→service traffic to tun0's IP so the endpoint's reply comes back through tun0
    // and is un-DNATed (without it the reply bypasses the node and the client resets it)
    for (const cn of spec.clusterNetworks) {
      nat.push(
        `-A OPENSHIFT-MASQUERADE -s ${cn} -m comment --comment "masquerade pod-to-service and pod-to-external traffic" -j MASQUERADE`,
      );
    }
  }
  const filterServices: string[] = [];
  const svcRules: string[] = [];
  const nodePortRules: string[] = [];
  const chainRules: string[] = [];
  for (const s of [...spec.services].sort((a, b) =>
    `${a.namespace}/${a.name}:${a.portName}`.localeCompare(`${b.namespace}/${b.name}:${b.portName}`),
  )) {
    const spn = `${s.namespace}/${s.name}:${s.portName}`;
    const proto = s.protocol.toLowerCase();
    const dst = `-d ${s.clusterIP}/32 -p ${proto}`;
    if (s.endpoints.length === 0) {
      // 39.5: no ready endpoint → kube-proxy rejects in the filter table
      filterServices.push(
        `-A KUBE-SERVICES ${dst} -m comment --comment ${q(`${spn} has no endpoints`)} -m ${proto} --dport ${s.port} -j REJECT --reject-with icmp-port-unreachable`,
      );
      continue;
    }
    const svcChain = serviceChainName(spn, proto);
    natChains.add(svcChain);
    if (!omit.has(objectKey(s))) {
      svcRules.push(
        `-A KUBE-SERVICES ! -s ${cn0} ${dst} -m comment --comment ${q(`${spn} cluster IP`)} -m ${proto} --dport ${s.port} -j KUBE-MARK-MASQ`,
        `-A KUBE-SERVICES ${dst} -m comment --comment ${q(`${spn} cluster IP`)} -m ${proto} --dport ${s.port} -j ${svcChain}`,
      );
      // §13.1: kube-proxy 1.11 (proxier.go) sends an external IP to the service chain from outside
      // and from the node itself; its `-m physdev ! --physdev-is-in` (not from a bridge port) is left
      // out: the lab's netns have no br_netfilter, so no bridged traffic reaches iptables anyway.
      for (const ext of s.externalIPs ?? []) {
        const extDst = `-d ${ext}/32 -p ${proto} -m comment --comment ${q(`${spn} external IP`)} -m ${proto} --dport ${s.port}`;
        svcRules.push(
          `-A KUBE-SERVICES ${extDst} -j KUBE-MARK-MASQ`,
          `-A KUBE-SERVICES ${extDst} -m addrtype ! --src-type LOCAL -j ${svcChain}`,
          `-A KUBE-SERVICES ${extDst} -m addrtype --dst-type LOCAL -j ${svcChain}`,
        );
      }
    }
    if (s.nodePort !== undefined && !omitNodePorts.has(objectKey(s))) {
      nodePortRules.push(
        `-A KUBE-NODEPORTS -p ${proto} -m comment --comment ${q(spn)} -m ${proto} --dport ${s.nodePort} -j KUBE-MARK-MASQ`,
        `-A KUBE-NODEPORTS -p ${proto} -m comment --comment ${q(spn)} -m ${proto} --dport ${s.nodePort} -j ${svcChain}`,
      );
    }
    const eps = s.endpoints;
    eps.forEach((ep, i) => {
      const sep = endpointChainName(spn, proto, ep);
      natChains.add(sep);
      const left = eps.length - i;
      chainRules.push(
        left > 1
          ? `-A ${svcChain} -m comment --comment ${q(spn)} -m statistic --mode random --probability ${probability(left)} -j ${sep}`
          : `-A ${svcChain} -m comment --comment ${q(spn)} -j ${sep}`,
      );
    });
    for (const ep of eps) {
      const sep = endpointChainName(spn, proto, ep);
      chainRules.push(
        `-A ${sep} -s ${ep.split(':')[0]}/32 -m comment --comment ${q(spn)} -j KUBE-MARK-MASQ`,
        `-A ${sep} -p ${proto} -m comment --comment ${q(spn)} -m ${proto} -j DNAT --to-destination ${ep}`,
      );
    }
  }
  nat.push(...nodePortRules, ...svcRules);
  nat.push(
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  nat.push(...chainRules);

  const filter: string[] = [
    ...(spec.extraFilterRules ?? []),
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A INPUT -m comment --comment "firewall overrides" -j OPENSHIFT-FIREWALL-ALLOW',
    '-A INPUT -j KUBE-FIREWALL',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A FORWARD -i tun0 ! -o tun0 -m comment --comment "administrator overrides" -j OPENSHIFT-ADMIN-OUTPUT-RULES',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -m comment --comment "firewall overrides" -j OPENSHIFT-FIREWALL-FORWARD',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -j KUBE-FIREWALL',
    '-A KUBE-FIREWALL -m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x1/0x1 -j ACCEPT',
    `-A KUBE-FORWARD -s ${cn0} -m comment --comment "kubernetes forwarding conntrack pod source rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    `-A KUBE-FORWARD -d ${cn0} -m comment --comment "kubernetes forwarding conntrack pod destination rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    ...filterServices,
    `-A OPENSHIFT-FIREWALL-ALLOW -p udp -m udp --dport ${spec.vxlanPort} -m comment --comment "VXLAN incoming" -j ACCEPT`,
    '-A OPENSHIFT-FIREWALL-ALLOW -i tun0 -m comment --comment "from SDN to localhost" -j ACCEPT',
    '-A OPENSHIFT-FIREWALL-ALLOW -i docker0 -m comment --comment "from docker to localhost" -j ACCEPT',
  ];
  for (const cn of spec.clusterNetworks) {
    filter.push(
      `-A OPENSHIFT-FIREWALL-FORWARD -s ${cn} -m comment --comment "attempted resend after connection close" -m conntrack --ctstate INVALID -j DROP`,
      `-A OPENSHIFT-FIREWALL-FORWARD -d ${cn} -m comment --comment "forward traffic from SDN" -j ACCEPT`,
      `-A OPENSHIFT-FIREWALL-FORWARD -s ${cn} -m comment --comment "forward traffic to SDN" -j ACCEPT`,
    );
  }
  const filterChains = [
    'KUBE-FIREWALL',
    'KUBE-FORWARD',
    'KUBE-SERVICES',
    'OPENSHIFT-ADMIN-OUTPUT-RULES',
    'OPENSHIFT-FIREWALL-ALLOW',
    'OPENSHIFT-FIREWALL-FORWARD',
  ];
  return [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ...[...natChains].sort().map((c) => `:${c} - [0:0]`),
    ...nat,
    'COMMIT',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ...filterChains.map((c) => `:${c} - [0:0]`),
    ...filter,
    'COMMIT',
    '',
  ].join('\n');
}
