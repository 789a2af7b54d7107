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

export const FAULT_IDS = [...SDN_FAULT_IDS, ...IPF_FAULT_IDS] as const;

/** The faults every lab can take (the ipfailover ones need `lab up --ipfailover`). */
export const PLAIN_FAULT_IDS: readonly PlainFaultId[] = SDN_FAULT_IDS;

export type FaultId = (typeof FAULT_IDS)[number];
export type PlainFaultId = (typeof SDN_FAULT_IDS)[number];

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
};

export function isFaultId(s: string): s is FaultId {
  return (FAULT_IDS as readonly string[]).includes(s);
}

/** true for a fault that needs a lab with IP failover (`lab up --ipfailover`). */
export function needsIpFailover(id: FaultId): boolean {
  return (IPF_FAULT_IDS as readonly string[]).includes(id);
}
