/**
 * The normalized, readonly model of an openshift-sdn cluster (DESIGN.md §2–3). Analyses (checks,
 * dataplane, diagnose) read only this. A facet that was not collected, or could not be read, is
 * `undefined` (never an empty list): checks that need it answer `unknown`.
 *
 * Per-node command records are re-exported here from the parsers under model names, so analyses
 * import them from `model/` only (DESIGN.md §2: analyses never see parser modules).
 */
import type { Msg } from '../i18n/message.js';
import type {
  IpRouteRecord,
  IpLinkRecord,
  OvsFlowRecord,
  OvsPortDescRecord,
  OvsGroupRecord,
  OvsShowRecord,
  IptablesTableRecord,
  IptablesRuleRecord,
  ResolvConfRecord,
  NodeConfigRecord,
  NodeJournalRecord,
  ProcessRecord,
  KeepalivedLogRecord,
  FlowAction,
  FlowMatchField,
} from '../parsers/types.js';

export type RouteEntry = IpRouteRecord;
export type LinkEntry = IpLinkRecord;
export type Flow = OvsFlowRecord;
export type OvsPort = OvsPortDescRecord;
export type OvsGroup = OvsGroupRecord;
export type OvsShow = OvsShowRecord;
export type IptablesTable = IptablesTableRecord;
export type IptablesRule = IptablesRuleRecord;
export type ResolvConf = ResolvConfRecord;
export type NodeConfig = NodeConfigRecord;
export type NodeJournal = NodeJournalRecord;
export type Process = ProcessRecord;
export type KeepalivedLog = KeepalivedLogRecord;
export type { KeepalivedEvent } from '../parsers/types.js';
export type { FlowAction, FlowMatchField };

/** Where a fact came from: the artifact id (bundle file) it was parsed from. */
export interface Sourced<T> {
  readonly value: T;
  /** Artifact id, e.g. `nodes/node-1/ovs-flows.txt`, or `api/hostsubnets.json`. */
  readonly artifact: string;
}

// ---------------------------------------------------------------- API objects (normalized)
export type PluginName =
  | 'redhat/openshift-ovs-subnet'
  | 'redhat/openshift-ovs-multitenant'
  | 'redhat/openshift-ovs-networkpolicy';

export interface ClusterNetwork {
  readonly name: string;
  /** Every cluster network CIDR (clusterNetworks[].CIDR, or legacy `network`). */
  readonly clusterCIDRs: readonly string[];
  readonly hostSubnetLength?: number;
  readonly serviceNetwork: string;
  readonly pluginName?: string;
  readonly vxlanPort: number;
  readonly mtu?: number;
}

export interface HostSubnet {
  readonly name: string;
  readonly host: string;
  readonly hostIP: string;
  readonly subnet: string;
  readonly uid?: string;
  readonly egressIPs: readonly string[];
  readonly fixedVnid?: number;
}

export interface NetNamespace {
  readonly name: string;
  readonly netid: number;
  readonly multicast: boolean;
}

/** A Namespace: its labels are what a NetworkPolicy's namespaceSelector matches. */
export interface Namespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`, ANDed). */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly {
    readonly key: string;
    /** `In`, `NotIn`, `Exists`, `DoesNotExist` (anything else selects nothing, as the API rejects it). */
    readonly operator: string;
    readonly values: readonly string[];
  }[];
}

/** One entry of a NetworkPolicy rule's `ports`, as written (openshift-sdn reads only some forms). */
export interface PolicyPort {
  /** `TCP` when absent (the API server's default). */
  readonly protocol: string;
  /** A number, a named port, or absent (every port of the protocol). */
  readonly port?: number | string;
  readonly endPort?: number;
}

/** One entry of `from` / `to`. */
export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except: readonly string[] };
}

export interface PolicyRule {
  readonly ports: readonly PolicyPort[];
  /** Empty: every peer. */
  readonly peers: readonly PolicyPeer[];
}

/** A `networking.k8s.io/v1` NetworkPolicy. */
export interface NetworkPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** As the API server defaults them: `Ingress`, plus `Egress` when egress rules are present. */
  readonly policyTypes: readonly string[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export interface NodeAddress {
  readonly type: string;
  readonly address: string;
}

export interface KubeNode {
  readonly name: string;
  readonly addresses: readonly NodeAddress[];
  /** The InternalIP (or first address) — what the node should be reachable at. */
  readonly internalIP?: string;
  readonly ready?: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly hostIP?: string;
  readonly podIP?: string;
  readonly phase?: string;
  readonly ready: boolean;
  readonly hostNetwork: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly containerPorts: readonly {
    readonly name?: string;
    readonly port: number;
    readonly protocol: string;
  }[];
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly clusterIP?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  readonly labels: Readonly<Record<string, string>>;
  /** §13.1: `spec.externalIPs`, addresses outside the cluster routed to a node. */
  readonly externalIPs?: readonly string[];
  /** §13.1: `status.loadBalancer.ingress[].ip` of a LoadBalancer service. */
  readonly loadBalancerIPs?: readonly string[];
}

export interface EndpointAddress {
  readonly ip: string;
  readonly nodeName?: string;
  readonly targetPod?: { readonly namespace: string; readonly name: string };
}

export interface EndpointSubset {
  readonly addresses: readonly EndpointAddress[];
  readonly notReadyAddresses: readonly EndpointAddress[];
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly protocol: string }[];
}

export interface Endpoints {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly subsets: readonly EndpointSubset[];
}

export interface Route {
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly path?: string;
  readonly service: string;
  readonly targetPort?: number | string;
  readonly tlsTermination?: string;
  readonly admitted?: boolean;
}

// ---------------------------------------------------------------- per node facts
export interface OvsFacts {
  readonly bridges?: Sourced<readonly string[]>;
  readonly show?: Sourced<OvsShow>;
  readonly ports?: Sourced<readonly OvsPort[]>;
  readonly flows?: Sourced<readonly Flow[]>;
  /** `ovs-ofctl dump-groups br0` (egress IP groups, rule version 10+). */
  readonly groups?: Sourced<readonly OvsGroup[]>;
  /** From the table 253 note, `note:PP.VV`: plugin id (0 subnet, 1 multitenant, 2 networkpolicy). */
  readonly pluginId?: number;
  readonly ruleVersion?: number;
}

export interface NodeFacts {
  readonly name: string;
  readonly links?: Sourced<readonly LinkEntry[]>;
  readonly routes?: Sourced<readonly RouteEntry[]>;
  readonly sysctls?: Sourced<Readonly<Record<string, { readonly value: string; readonly line: number }>>>;
  readonly ovs: OvsFacts;
  readonly iptables?: Sourced<readonly IptablesTable[]>;
  readonly resolvConf?: Sourced<ResolvConf>;
  readonly nodeConfig?: Sourced<NodeConfig>;
  readonly journal?: Sourced<NodeJournal>;
  /**
   * The node's own journal even when `journal` is the sdn pod's log: where kubelet and docker log
   * (39.13.2 looks there for TLS handshake timeouts). Same artifact as `journal` when that is it.
   */
  readonly nodeJournal?: Sourced<NodeJournal>;
  /** §12: the node's processes (`ps`), for keepalived. */
  readonly processes?: Sourced<readonly Process[]>;
  /** §12: keepalived's log lines (VRRP states, check script results). */
  readonly keepalivedLog?: Sourced<KeepalivedLog>;
}

/**
 * §12: one IP failover configuration as `oc adm ipfailover` creates it: a DeploymentConfig (3.x)
 * or Deployment (4.x) of keepalived pods on the host network, configured by `OPENSHIFT_HA_*`
 * environment variables (the ipfailover image's conf/settings.sh defaults apply when unset).
 */
export interface IpFailover {
  readonly kind: 'DeploymentConfig' | 'Deployment';
  readonly namespace: string;
  readonly name: string;
  /** OPENSHIFT_HA_CONFIG_NAME (default `OpenShift-IPFailover`): names the VRRP instances and check script. */
  readonly configName: string;
  /** OPENSHIFT_HA_VIRTUAL_IPS with its ranges expanded (`10.1.1.20-22` → three addresses), in order. */
  readonly virtualIPs: readonly string[];
  /** OPENSHIFT_HA_VRRP_ID_OFFSET (default 0). */
  readonly vrrpIdOffset: number;
  /** `virtual_router_id` of each VIP: offset + 1, offset + 2, … (keepalived lib/config-generators.sh). */
  readonly vrrpIds: readonly number[];
  /** OPENSHIFT_HA_NETWORK_INTERFACE; absent = the interface of the default route. */
  readonly networkInterface?: string;
  /** OPENSHIFT_HA_MONITOR_PORT (default 80); 0 = no check (`script "true"`). */
  readonly monitorPort: number;
  /** OPENSHIFT_HA_REPLICA_COUNT, else `spec.replicas`. */
  readonly replicas?: number;
  /** OPENSHIFT_HA_IPTABLES_CHAIN: the chain the image inserts the 224.0.0.18 ACCEPT rule into. */
  readonly iptablesChain?: string;
  /** The pod template's node selector. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** The pod template's labels (how its pods are found). */
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * One DNS lookup found in the collection (39.3 `dig +short <host>`, 39.9 `dig +search +noall +answer
 * <name>`): probe artifacts of kind `dig-short` / `dig-answer`. Checks compare answers with where
 * routers run (dns-wrong-ip) and with resolv.conf search domains (egress-dns-wildcard).
 */
export interface DnsLookup {
  /** The name asked for (from the artifact's argv), without a trailing dot. */
  readonly name: string;
  /** `dig-short` answers are addresses / CNAME targets; `dig-answer` has full records. */
  readonly kind: 'dig-short' | 'dig-answer';
  /** Node the lookup ran on, when it ran on a node. */
  readonly node?: string;
  /** Where it ran when not on a node (`client`, `local`, `pod/<ns>/<name>`). */
  readonly where?: string;
  /** True when `+search` was used (the resolv.conf search list applied). */
  readonly search: boolean;
  /** Answer records in order; for `dig-short`, `name` is the queried name and `type` is `A` or `CNAME`. */
  readonly answers: readonly {
    readonly name: string;
    readonly type: string;
    readonly data: string;
    readonly line: number;
    readonly raw: string;
  }[];
  /** Resolver error (`connection timed out; no servers could be reached`). */
  readonly error?: string;
  /** Artifact id (bundle file) the lookup was read from. */
  readonly artifact: string;
}

/**
 * 39.13.3: a local pod's `eth0` as `ethtool -S eth0` in its network namespace shows it: the
 * ifindex of its peer, the host-side veth on the pod's node (`peer_ifindex`).
 */
export interface PodVethPeer {
  /** `namespace/name`. */
  readonly pod: string;
  readonly node: string;
  /** Absent when the command failed or printed no `peer_ifindex` (then checks say unknown). */
  readonly peerIfindex?: number;
  /** Line of `peer_ifindex` in the artifact. */
  readonly line?: number;
  readonly artifact: string;
}

/** 39.13.3: `ethtool -i <if>` on a node: the driver of its tunnel device, tun0 or a veth. */
export interface NicDriver {
  readonly node: string;
  readonly ifname: string;
  /** Absent when the device is gone (`No such device`) or the output was unreadable. */
  readonly driver?: string;
  readonly artifact: string;
}

/** 39.13.3 veth peers and drivers, as collected (`collect` records them; diagnose does not). */
export interface NicFacts {
  readonly peers: readonly PodVethPeer[];
  readonly drivers: readonly NicDriver[];
}

/** The whole model. `undefined` facets were not collected or could not be read. */
/** 4.x: the Network operator's openshift-sdn settings (network.operator.openshift.io/cluster). */
export interface SdnOperatorConfig {
  /** spec.defaultNetwork.type (`OpenShiftSDN`). */
  readonly networkType?: string;
  /** spec.defaultNetwork.openshiftSDNConfig.mtu */
  readonly mtu?: number;
  readonly vxlanPort?: number;
  /** `Subnet`, `Multitenant` or `NetworkPolicy`, and the plugin it means. */
  readonly mode?: string;
  readonly pluginName?: string;
  /** `mtu:` of the `sdn-config-mtu-migration` config map (an MTU migration in progress, 4.8+). */
  readonly migrationMtu?: number;
}

/** The release a snapshot comes from, with what showed it. */
export interface ReleaseGuess {
  readonly release: '3.x' | '4.x';
  readonly because: readonly Msg[];
}

export interface ClusterModel {
  readonly clusterNetwork?: Sourced<ClusterNetwork>;
  readonly hostSubnets?: Sourced<readonly HostSubnet[]>;
  readonly netNamespaces?: Sourced<readonly NetNamespace[]>;
  readonly namespaces?: Sourced<readonly Namespace[]>;
  readonly networkPolicies?: Sourced<readonly NetworkPolicy[]>;
  readonly nodes?: Sourced<readonly KubeNode[]>;
  readonly pods?: Sourced<readonly Pod[]>;
  readonly services?: Sourced<readonly Service[]>;
  readonly endpoints?: Sourced<readonly Endpoints[]>;
  readonly routes?: Sourced<readonly Route[]>;
  /** DNS lookups in the collection (probe artifacts); `undefined` when none were collected. */
  readonly dnsLookups?: readonly DnsLookup[];
  /** 39.13.3: pods' veth peers and NIC drivers; undefined when none were collected. */
  readonly nics?: NicFacts;
  /** §12: IP failover configurations (none = `[]`); undefined when the lists were not read. */
  readonly ipFailovers?: Sourced<readonly IpFailover[]>;
  /** Node facts by node name (names as in the API's Node objects / HostSubnets). */
  readonly nodeFacts: Readonly<Record<string, NodeFacts>>;
  /**
   * `collect -n`: pods, services, endpoints, routes and policies were read for these namespaces
   * only (and the SDN's own); undefined = every namespace. Checks that judge against all of a
   * kind (every router of the cluster) say unknown beyond it.
   */
  readonly apiNamespaces?: readonly string[];
  /** 4.x: the SDN settings the Network operator holds; undefined on 3.x or when not read. */
  readonly sdnOperatorConfig?: Sourced<SdnOperatorConfig>;
  /** 3.x or 4.x, from what the snapshot shows; undefined when it shows neither. */
  readonly release?: ReleaseGuess;
}

/** Model facets a check can require (DESIGN.md §6: missing facet ⇒ `unknown`). */
export type ClusterFacet =
  | 'clusterNetwork'
  | 'hostSubnets'
  | 'netNamespaces'
  | 'namespaces'
  | 'networkPolicies'
  | 'nodes'
  | 'pods'
  | 'services'
  | 'endpoints'
  | 'routes'
  | 'dnsLookups'
  | 'ipFailovers'
  | 'nics';

export type NodeFacet =
  | 'links'
  | 'routes'
  | 'sysctls'
  | 'ovs.bridges'
  | 'ovs.show'
  | 'ovs.ports'
  | 'ovs.flows'
  | 'ovs.groups'
  | 'iptables'
  | 'resolvConf'
  | 'nodeConfig'
  | 'journal'
  | 'nodeJournal'
  | 'processes'
  | 'keepalivedLog';
