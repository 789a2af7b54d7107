/**
 * The lab's cluster as plain data: what `lab up` builds, what the API objects, flows, iptables,
 * router and DNS are generated from, and what faults change. Persisted as `<runDir>/state.json`.
 */
import type { FaultId } from '../model/faults.js';

export type LabPlugin = 'subnet' | 'multitenant' | 'networkpolicy';

/**
 * The OpenShift release the lab emulates (`lab up --release`, issue 12 "A 4.x lab"): `3.11` is rule
 * version 7 with `ovs` and `sdn` pods and node-config.yaml; `4.x` is rule version 13 (4.10–4.12),
 * OVS on the host (4.6+), only `sdn` pods in openshift-sdn, the SDN's settings in the `sdn-config`
 * config map and the Network operator's object, no node-config.yaml.
 */
export type LabRelease = '3.11' | '4.x';
export const LAB_RELEASES: readonly LabRelease[] = ['3.11', '4.x'];

export interface LabNodeSpec {
  readonly index: number;
  readonly name: string;
  readonly netns: string;
  /** The node's real IP on br-ex. */
  readonly ip: string;
  /** HostSubnet CIDR and its gateway (tun0). */
  readonly subnet: string;
  readonly gateway: string;
  readonly uid: string;
  readonly hostSubnetUid: string;
  readonly dir: string;
  readonly ovsRundir: string;
}

export interface LabPodSpec {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly nodeIndex: number;
  /** j-th pod on its node (1-based). */
  readonly slot: number;
  readonly ip: string;
  readonly mac: string;
  readonly netns: string;
  /** Host-side veth on br0 (`veth` + 8 hex, as CNI names them). */
  readonly veth: string;
  readonly ofport: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly port: number;
  /**
   * 39.13.2: the HTTPS port of a pod behind the passthrough route (its own TLS server with the
   * lab's long certificate chain, src/lab/tls-chain.ts); absent on the other pods.
   */
  readonly tlsPort?: number;
  readonly dir: string;
}

export interface LabServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: 'TCP';
  readonly nodePort?: number;
}

export interface LabServiceSpec {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly type: 'ClusterIP' | 'NodePort';
  readonly clusterIP: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly LabServicePort[];
  /** §13.1: `spec.externalIPs`; the lab puts each on `externalIPNode`'s br-ex (how it reaches one node). */
  readonly externalIPs?: readonly string[];
  readonly externalIPNode?: number;
}

export interface LabRouteSpec {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly host: string;
  readonly path?: string;
  readonly service: string;
  readonly targetPort: string;
  /** edge: TLS ends at the router; passthrough: the router routes by SNI and the pod ends it (39.13.2). */
  readonly tls?: 'edge' | 'passthrough';
}

export interface LabNamespaceSpec {
  readonly name: string;
  readonly uid: string;
  /** NetNamespace netid (multitenant / networkpolicy VNID); 0 = global. */
  readonly netid: number;
  /** metadata.labels (namespaceSelector of NetworkPolicies). */
  readonly labels?: Readonly<Record<string, string>>;
  /** metadata.annotations and resourceVersion a client wrote through the lab API (api-writes.ts). */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly resourceVersion?: string;
}

/** A `networking.k8s.io/v1` NetworkPolicy as stored in the API (spec as written). */
export interface LabNetworkPolicySpec {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly spec: Readonly<Record<string, unknown>>;
  /**
   * The metadata of a policy a client wrote through the lab API (api-writes.ts): labels,
   * annotations (kubectl apply's last-applied configuration), resourceVersion, generation, creation.
   */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface ActiveFault {
  readonly id: FaultId;
  readonly node?: number;
  /** `namespace/name` */
  readonly pod?: string;
  /** `namespace/name` */
  readonly service?: string;
  /** `namespace/name` */
  readonly route?: string;
  /** Second node of a pair (underlay-down) or the remote node of a flow fault. */
  readonly peer?: number;
  /**
   * `namespace/name` of the NetworkPolicy a policy fault deletes (policy-denies-router,
   * policy-flow-stale) or whose allow flow a node loses (policy-flow-missing with `--policy`).
   */
  readonly policy?: string;
  /** `namespace/name` of the second pod, on the same node (veth-peer-mismatch swaps the two pods' ports). */
  readonly peerPod?: string;
}

export interface LabSpec {
  readonly name: string;
  readonly plugin: LabPlugin;
  /** Omitted in labs started before releases existed: 3.11. */
  readonly release?: LabRelease;
  readonly clusterNetwork: string;
  readonly hostSubnetLength: number;
  readonly serviceNetwork: string;
  readonly vxlanPort: number;
  readonly mtu: number;
  readonly underlayCidr: string;
  readonly dnsServer: string;
  readonly clientIp: string;
  readonly outsideIp: string;
  readonly outsideHost: string;
  readonly appsDomain: string;
  readonly routerNode: number;
  readonly createdAt: string;
  readonly nodes: readonly LabNodeSpec[];
  readonly namespaces: readonly LabNamespaceSpec[];
  readonly pods: readonly LabPodSpec[];
  readonly services: readonly LabServiceSpec[];
  readonly routes: readonly LabRouteSpec[];
  /** networkpolicy plugin: the NetworkPolicies `lab up` creates (src/lab/policies.ts). */
  readonly networkPolicies?: readonly LabNetworkPolicySpec[];
  /** `lab up --ipfailover` (§12): the ipfailover configuration and the one a fault adds. */
  readonly ipfailover?: LabIpFailoverSpec;
}

/** One ipfailover configuration as `oc adm ipfailover` creates it (OPENSHIFT_HA_* values). */
export interface LabIpFailoverConfig {
  /** DeploymentConfig name; also OPENSHIFT_HA_CONFIG_NAME. */
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  /** OPENSHIFT_HA_VIRTUAL_IPS as written (a range). */
  readonly virtualIPsText: string;
  readonly virtualIPs: readonly string[];
  readonly networkInterface: string;
  readonly monitorPort: number;
  readonly vrrpIdOffset: number;
  readonly replicas: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Indexes of the nodes its keepalived runs on (the selected ones). */
  readonly nodes: readonly number[];
}

export interface LabIpFailoverSpec {
  readonly main: LabIpFailoverConfig;
  /** Fault ipf-vrrp-id-conflict: a second configuration whose VRRP ids overlap main's. */
  readonly conflict: LabIpFailoverConfig;
  /** Fault ipf-interface-missing: the interface name the configuration is changed to. */
  readonly missingInterface: string;
}

/** Processes the lab started, by PID, with a word their command line must contain. */
export interface LabProcess {
  readonly pid: number;
  readonly match: string;
  readonly role: string;
}

export interface LabState {
  readonly spec: LabSpec;
  processes: LabProcess[];
  faults: ActiveFault[];
  /** Monotonic counter for API resourceVersions. */
  resourceVersion: number;
  apiUrl?: string;
}

/** The release a lab emulates (labs of before `--release` are 3.11). */
export function labRelease(spec: Pick<LabSpec, 'release'>): LabRelease {
  return spec.release ?? '3.11';
}

/** The pods the lab runs on node `index`, in spec order. */
export function podsOnNode(spec: LabSpec, index: number): LabPodSpec[] {
  return spec.pods.filter((p) => p.nodeIndex === index);
}

/** The process role of a pod's HTTPS server (passthrough route, 39.13.2): not what endpoint-down stops. */
export function podTlsRole(pod: { readonly namespace: string; readonly name: string }): string {
  return `pod-tls/${pod.namespace}/${pod.name}`;
}

/** The process role of a pod's HTTP server (what endpoint-down stops). */
export function podRole(pod: { readonly namespace: string; readonly name: string }): string {
  return `pod/${pod.namespace}/${pod.name}`;
}
