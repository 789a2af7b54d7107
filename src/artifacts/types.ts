/**
 * Artifacts are what sources produce (DESIGN.md §2): a command's output on a node, or an API
 * object list. They are plain data, written to bundles as they are and replayed offline.
 */

/** Which parser reads an artifact. One kind per command of the guide. */
export type ArtifactKind =
  | 'ip-route'
  | 'ip-route-get'
  | 'ip-addr'
  | 'ip-link'
  | 'sysctl'
  | 'ovs-list-br'
  | 'ovs-show'
  | 'ovs-ports'
  | 'ovs-flows'
  | 'ovs-groups'
  | 'iptables-save'
  | 'iptables-nat-list'
  | 'resolv-conf'
  | 'node-config'
  | 'node-journal'
  | 'processes'
  | 'keepalived-log'
  | 'sdn-pod-log'
  | 'dig-short'
  | 'dig-answer'
  | 'curl'
  | 'ping'
  | 'tracepath'
  | 'ethtool'
  | 'ethtool-stats'
  | 'ethtool-driver'
  | 'other';

/** One command's output (or the reason there is none). */
export interface Artifact {
  /** Stable id, also the file name in a bundle: e.g. `nodes/node-1/ovs-flows.txt`. */
  readonly id: string;
  readonly kind: ArtifactKind;
  /** Node the command ran on; absent for commands run where sdn-doctor runs. */
  readonly node?: string;
  /** Where it ran when not a node: `local`, `pod/<ns>/<name>`, `client`. */
  readonly where?: string;
  readonly argv: readonly string[];
  readonly text: string;
  /** Exit code; null when the command did not finish (timeout, exec refused). */
  readonly exitCode: number | null;
  readonly collectedAt: string;
  /** Why the command produced nothing usable (timeout, 403, node unreachable). */
  readonly error?: string;
  /** stderr, when the source kept it apart. */
  readonly stderr?: string;
}

/** The API resources sdn-doctor reads (get/list only). */
export type ApiResource =
  | 'nodes'
  | 'namespaces'
  | 'pods'
  | 'services'
  | 'endpoints'
  | 'routes'
  | 'hostsubnets'
  | 'clusternetworks'
  | 'netnamespaces'
  | 'networkpolicies'
  | 'configmaps'
  | 'deploymentconfigs'
  | 'deployments'
  /** 4.x: `network.operator.openshift.io` (the Network operator's `cluster`). */
  | 'operatornetworks'
  /** 4.x: `clusterversion.config.openshift.io` (`version`: the release the cluster runs). */
  | 'clusterversions';

/** Resources only a 4.x API server has: a 3.x server answers 404, which means absent, not unreadable. */
export const RELEASE_4_RESOURCES: ReadonlySet<ApiResource> = new Set<ApiResource>([
  'operatornetworks',
  'clusterversions',
]);

/** What the 3.11 lab's API serves of them: nothing 4.x-only. */
export type Api3Resource = Exclude<ApiResource, 'operatornetworks' | 'clusterversions'>;

export const API_RESOURCES: readonly ApiResource[] = [
  'nodes',
  'namespaces',
  'pods',
  'services',
  'endpoints',
  'routes',
  'hostsubnets',
  'clusternetworks',
  'netnamespaces',
  'networkpolicies',
  'configmaps',
  'deploymentconfigs',
  'deployments',
  'operatornetworks',
  'clusterversions',
];

/** A list as the API returned it (`items` of the real REST shape), or why it could not be read. */
export type ApiList =
  | {
      readonly ok: true;
      readonly items: readonly unknown[];
      /** The list holds only the objects of these namespaces (`collect -n`); absent: every namespace. */
      readonly namespaces?: readonly string[];
      /**
       * Where the list was read inside the input (an importer's file or folder, prefixed with the
       * input's name when several are merged): what evidence cites. Absent: `api/<resource>.json`.
       */
      readonly source?: string;
    }
  | {
      readonly ok: false;
      readonly error: string;
      readonly status?: number;
      /** `error` in both languages, for reports (the live API source always sets it). */
      readonly message?: { readonly en: string; readonly ja: string };
      /**
       * Set when the server itself could not be used (no kubeconfig, credentials, unreachable, no
       * answer): then every list of the read failed for this one reason, which reports say once.
       */
      readonly server?: { readonly en: string; readonly ja: string };
    };

export type ApiSnapshot = Partial<Record<ApiResource, ApiList>>;

/**
 * The file an API list is cited as in evidence and warnings: where an importer found it (a
 * must-gather's `cluster-scoped-resources/…/hostsubnets/`), else our bundle's `api/<resource>.json`
 * (evidence must name a file the person who received the input can open).
 */
export function apiListSource(resource: ApiResource, list?: ApiList): string {
  return list?.ok && list.source ? list.source : `api/${resource}.json`;
}

/** A problem with what was collected or read (not with the cluster): shown in every report. */
export interface InputWarning {
  /** Artifact id, bundle file, or API resource. */
  readonly source: string;
  readonly node?: string;
  readonly line?: number;
  readonly message: { readonly en: string; readonly ja: string };
  readonly excerpt?: string;
}

/** Everything one collection produced: what `analyze` reads and `diagnose --save-bundle` writes. */
export interface Snapshot {
  readonly collectedAt: string;
  /** How it was collected: `live`, `lab:<name>`, `bundle`, `debug.sh`, `networkcheck`. */
  readonly collector: string;
  readonly api: ApiSnapshot;
  readonly artifacts: readonly Artifact[];
  readonly warnings: readonly InputWarning[];
}
