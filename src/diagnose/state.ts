/** What the walk learned so far, passed from step to step (39.3 → 39.11). */
import type { Text } from '../i18n/message.js';
import type { Endpoints, IpFailover, Pod, Route, Service, ServicePort } from '../model/types.js';
import type { DnsOutcome, HttpOutcome, PingOutcome } from '../sources/probes/types.js';

export interface EndpointTarget {
  readonly ip: string;
  readonly port: number;
  readonly node?: string;
  /** `namespace/name` */
  readonly pod?: string;
}

/** §12: the URL's address is a virtual IP of an IP failover configuration. */
export interface FailoverPath {
  readonly config: IpFailover;
  /** The addresses DNS gave that are its VIPs. */
  readonly vips: readonly string[];
  /** The nodes keepalived should run on (ipf-debug.sh's node list). */
  readonly nodes: readonly string[];
}

export interface WalkState {
  readonly url: URL;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** 39.3: what DNS answered from outside; undefined = not known. */
  resolved?: readonly string[];
  dnsOk?: boolean;
  /** §12: set when the address is an IP failover VIP (the walk goes on from its holder). */
  failover?: FailoverPath;
  /** 39.4: where routers run (host IPs), undefined when the API could not tell. */
  routers?: readonly { readonly node?: string; readonly ip: string }[];
  /** The router address the walk goes on with (DNS answer when right, else the real router host). */
  routerIp?: string;
  routerNode?: string;
  /** 39.9: the outside name of the egress door (`diagnose --from`), checked like --egress-name. */
  egressName?: string;
  /** 39.13.1: the node a nodePort / external IP URL reaches (no router on that path). */
  entryNode?: string;
  routerAnswer?: HttpOutcome;
  route?: Route;
  service?: Service;
  servicePort?: ServicePort;
  endpoints?: Endpoints;
  targets: EndpointTarget[];
  /** Nodes whose facts the walk needs (router, endpoints). */
  nodes: string[];
  /** Endpoint targets that failed, and from where. */
  failedEndpoints: { target: EndpointTarget; from: string; connect: string; excerpt: Text }[];
  /** Nodes from which the service IP failed (39.5 → 39.11). */
  failedService: { node: string; connect: string; excerpt: Text }[];
  /** Probes started ahead of their step (they run while earlier steps finish). */
  prefetch: {
    pings?: Promise<readonly { a: string; b: string; ip?: string; r?: PingOutcome }[]>;
    egress?: Promise<readonly DnsOutcome[]>;
  };
  /** Endpoints that answered, by `from|ip`. */
  answered: Set<string>;
}

export type { Pod };
