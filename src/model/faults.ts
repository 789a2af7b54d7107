/** The fault catalogue of DESIGN.md §5: ids are contracts (reports, lab, bench). */
export const FAULT_IDS = [
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

export type FaultId = (typeof FAULT_IDS)[number];

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
};

export function isFaultId(s: string): s is FaultId {
  return (FAULT_IDS as readonly string[]).includes(s);
}
