/**
 * `sdn-doctor lab status -o json`: machine-readable state of a running lab. Field names
 * are a contract used by tests, diagnose (`--lab NAME`) and outside checks.
 */
export interface LabNodeStatus {
  readonly name: string;
  /** Network namespace of the node (its "host" network). */
  readonly netns: string;
  readonly ip: string;
  /** HostSubnet CIDR. */
  readonly subnet: string;
  /** OVS_RUNDIR of this node's ovsdb-server/ovs-vswitchd. */
  readonly ovsRundir: string;
}

export interface LabPodStatus {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  readonly netns: string;
}

export interface LabServiceStatus {
  readonly namespace: string;
  readonly name: string;
  readonly clusterIP: string;
  readonly ports: readonly {
    readonly name?: string;
    readonly port: number;
    readonly targetPort: number;
    readonly protocol: string;
    readonly nodePort?: number;
  }[];
}

export interface LabRouteStatus {
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly path?: string;
  readonly service: string;
  readonly tls?: string;
}

export interface LabFaultStatus {
  readonly id: string;
  readonly node?: string;
  readonly pod?: string;
  readonly service?: string;
  /** `namespace/name` of the route a DNS or route fault is about. */
  readonly route?: string;
  /** The other node of a pair (underlay-down) or the remote node of a flow fault. */
  readonly peer?: string;
  /** The second pod (veth-peer-mismatch: the two pods whose ports are swapped). */
  readonly peerPod?: string;
}

export interface LabStatus {
  readonly name: string;
  readonly kubeconfig: string;
  /** URL of a route by host name, as a user outside the cluster would type it. */
  readonly routerUrl: string;
  readonly plugin: 'subnet' | 'multitenant' | 'networkpolicy';
  readonly nodes: readonly LabNodeStatus[];
  readonly pods: readonly LabPodStatus[];
  readonly services: readonly LabServiceStatus[];
  readonly routes: readonly LabRouteStatus[];
  readonly faults: readonly LabFaultStatus[];
  /** The outside vantage point: the client namespace and the DNS server it uses. */
  readonly client: { readonly netns: string; readonly ip: string; readonly dnsServer: string };
  /** Run folder of this lab (state, logs, pid files). */
  readonly runDir: string;
  /** `lab up --ipfailover` (§12): the configurations keepalived runs and who holds each VIP now. */
  readonly ipfailover?: LabIpFailoverStatus;
}

export interface LabIpFailoverStatus {
  readonly configs: readonly {
    /** `namespace/name` of the DeploymentConfig. */
    readonly name: string;
    readonly interface: string;
    readonly vrrpIds: readonly number[];
    readonly monitorPort: number;
    /** Nodes its keepalived runs on (the node selector's). */
    readonly nodes: readonly string[];
    readonly vips: readonly {
      readonly vip: string;
      /** Nodes that have the VIP on an interface now: exactly one on a healthy lab. */
      readonly holders: readonly string[];
    }[];
  }[];
}
