/** The fault catalogue of DESIGN.md §5: ids are contracts (reports, lab, bench). */
const SDN_FAULT_IDS = [
  'dns-missing',
  'dns-wrong-ip',
  'router-refused',
  'router-timeout',
  'route-missing',
  'svc-no-endpoints',
  'endpoint-down',
  'svc-nat-missing',
  'hostsubnet-stale',
  'underlay-down',
  'ip-forward-off',
  'cluster-route-missing',
  'ovs-port-missing',
  'flow-tun-src-missing',
  'flow-tun-dst-missing',
  'flow-pod-missing',
  'iptables-drop',
  'mtu-mismatch',
  'egress-dns-wildcard',
  'sdn-setup-error',
  'svc-masquerade-missing',
] as const;

/** §12: faults of IP failover, injectable only in a lab with `--ipfailover`. */
export const IPF_FAULT_IDS = [
  'ipf-vrrp-blocked',
  'ipf-keepalived-down',
  'ipf-vip-unheld',
  'ipf-check-failing',
  'ipf-interface-missing',
  'ipf-vrrp-id-conflict',
] as const;

/**
 * Issue 11: faults of project isolation, injectable only in a lab of their plugin
 * (`lab up --plugin networkpolicy`, or multitenant for vnid-mismatch).
 */
export const POLICY_FAULT_IDS = [
  'policy-denies-router',
  'policy-flow-missing',
  'policy-flow-stale',
  'vnid-mismatch',
] as const;

/**
 * Issue 15: faults that lie on another door than the route URL (§13.1 NodePort / external IPs,
 * §9 → §7.4.2 pod egress). The route URL never crosses them: `diagnose` finds them from their door
 * (test/e2e/diagnose-doors.test.ts), so they are not in PLAIN_FAULT_IDS (the route URL's catalogue).
 */
export const DOOR_FAULT_IDS = ['nodeport-nat-missing', 'egress-firewall-drop'] as const;

/**
 * Issue 15, §13.3: br0's flows send a pod's traffic to a port that is not its veth (a recreated pod
 * whose old port number was reused). Found by `analyze` from the pods' `ethtool -S` peers, which
 * `diagnose` does not collect: not in PLAIN_FAULT_IDS (the route URL's catalogue).
 */
export const NOTE_FAULT_IDS = ['veth-peer-mismatch'] as const;

export const FAULT_IDS = [
  ...SDN_FAULT_IDS,
  ...IPF_FAULT_IDS,
  ...POLICY_FAULT_IDS,
  ...DOOR_FAULT_IDS,
  ...NOTE_FAULT_IDS,
] as const;

/** The faults every lab can take (the ipfailover ones need `lab up --ipfailover`). */
export const PLAIN_FAULT_IDS: readonly PlainFaultId[] = SDN_FAULT_IDS;

export type FaultId = (typeof FAULT_IDS)[number];
export type PlainFaultId = (typeof SDN_FAULT_IDS)[number];
export type IpfFaultId = (typeof IPF_FAULT_IDS)[number];
export type PolicyFaultId = (typeof POLICY_FAULT_IDS)[number];
export type DoorFaultId = (typeof DOOR_FAULT_IDS)[number];
export type NoteFaultId = (typeof NOTE_FAULT_IDS)[number];

/** Guide section of each fault (§N = 36.N / 39.N). */
export const FAULT_SECTIONS: Readonly<Record<FaultId, string>> = {
  'dns-missing': '3',
  'dns-wrong-ip': '3, 4',
  'router-refused': '3',
  'router-timeout': '3',
  'route-missing': '4',
  'svc-no-endpoints': '5',
  'endpoint-down': '5',
  'svc-nat-missing': '11',
  'hostsubnet-stale': '6',
  'underlay-down': '6',
  'ip-forward-off': '7.3.1',
  'cluster-route-missing': '7.3.2',
  'ovs-port-missing': '7.4',
  'flow-tun-src-missing': '7.4',
  'flow-tun-dst-missing': '7.4',
  'flow-pod-missing': '7.4',
  'iptables-drop': '7.4.1',
  'mtu-mismatch': '8, 13.2',
  'egress-dns-wildcard': '9',
  'sdn-setup-error': '10',
  'svc-masquerade-missing': '7.4.1',
  'ipf-vrrp-blocked': '12',
  'ipf-keepalived-down': '12',
  'ipf-vip-unheld': '12',
  'ipf-check-failing': '12',
  'ipf-interface-missing': '12',
  'ipf-vrrp-id-conflict': '12',
  // the checks of table 80 / the VNIDs (policy-flows, netnamespace-vnid) are filed under 7.4
  'policy-denies-router': '5',
  'policy-flow-missing': '7.4',
  'policy-flow-stale': '7.4',
  'vnid-mismatch': '7.4',
  'nodeport-nat-missing': '13.1',
  'egress-firewall-drop': '7.4.2',
  'veth-peer-mismatch': '13.3',
};

export function isFaultId(s: string): s is FaultId {
  return (FAULT_IDS as readonly string[]).includes(s);
}

/** true for a fault that needs a lab with IP failover (`lab up --ipfailover`). */
export function needsIpFailover(id: FaultId): boolean {
  return (IPF_FAULT_IDS as readonly string[]).includes(id);
}

/** The plugin a fault needs (issue 11), or undefined when any lab takes it. */
export function faultPlugin(id: FaultId): 'networkpolicy' | 'multitenant' | undefined {
  if (id === 'vnid-mismatch') return 'multitenant';
  return (POLICY_FAULT_IDS as readonly string[]).includes(id) ? 'networkpolicy' : undefined;
}
