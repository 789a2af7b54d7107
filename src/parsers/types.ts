/**
 * Record types produced by the parsers. Parsers are pure functions of text (DESIGN.md §2):
 * `parseX(text) → { records, warnings }`. A parser never throws: a line it cannot read becomes a
 * warning with its 1-based line number and the line's text.
 */
import type { Msg } from '../i18n/message.js';

export interface ParseWarning {
  /** 1-based line number in the text; 0 when the problem is the whole text (empty, truncated). */
  readonly line: number;
  readonly message: Msg;
  readonly excerpt: string;
}

export interface ParseResult<T> {
  readonly records: T;
  readonly warnings: readonly ParseWarning[];
}

/** Where a record came from, for evidence: the 1-based line and the line's text. */
export interface Located {
  readonly line: number;
  readonly raw: string;
}

// ---------------------------------------------------------------- ip route / ip route get
export interface IpRouteRecord extends Located {
  /** `unicast` unless the line starts with a type keyword (local, broadcast, unreachable, blackhole, prohibit, throw). */
  readonly type: string;
  /** `default` or a CIDR (`10.128.0.0/14`; a bare address gets `/32`). */
  readonly dst: string;
  readonly via?: string;
  readonly dev?: string;
  readonly proto?: string;
  readonly scope?: string;
  readonly src?: string;
  readonly metric?: number;
  readonly mtu?: number;
  readonly table?: string;
  /** Bare route flags as printed (`linkdown`, `onlink`, `dead`). Read by the host parsers: a `linkdown` route carries no traffic. */
  readonly flags?: readonly string[];
}

export interface IpRouteGetRecord extends Located {
  readonly dst: string;
  readonly type?: string;
  readonly via?: string;
  readonly dev?: string;
  readonly src?: string;
  readonly uid?: number;
  /** `RTNETLINK answers: Network is unreachable` and the like. */
  readonly error?: string;
  /** Path MTU learned for this destination (`cache expires 598sec mtu 1450`), 39.8. */
  readonly cacheMtu?: number;
}

// ---------------------------------------------------------------- ip addr / ip link
export interface IpAddress extends Located {
  readonly family: 'inet' | 'inet6';
  /** `10.128.0.1/23` */
  readonly cidr: string;
  readonly scope?: string;
  readonly label?: string;
}

export interface IpLinkRecord extends Located {
  readonly index: number;
  readonly name: string;
  /** For `veth0@if3` → `if3`; for `eth0@veth1` → `veth1`. */
  readonly peer?: string;
  readonly flags: readonly string[];
  readonly mtu?: number;
  readonly state?: string;
  readonly master?: string;
  readonly linkType?: string;
  readonly mac?: string;
  /** True when LOWER_UP and UP are in the flags. */
  readonly up: boolean;
  readonly addresses: readonly IpAddress[];
}

// ---------------------------------------------------------------- sysctl
export interface SysctlRecord extends Located {
  readonly key: string;
  readonly value: string;
}

// ---------------------------------------------------------------- ovs-vsctl
export interface OvsShowInterface {
  readonly name: string;
  readonly type?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly error?: string;
  readonly line: number;
}
export interface OvsShowPort {
  readonly name: string;
  readonly tag?: number;
  readonly interfaces: readonly OvsShowInterface[];
  readonly line: number;
}
export interface OvsShowBridge {
  readonly name: string;
  readonly failMode?: string;
  readonly datapathType?: string;
  readonly controller?: string;
  readonly ports: readonly OvsShowPort[];
  readonly line: number;
}
export interface OvsShowRecord {
  readonly uuid?: string;
  readonly bridges: readonly OvsShowBridge[];
  readonly ovsVersion?: string;
}

// ---------------------------------------------------------------- ovs-ofctl dump-ports-desc
export interface OvsPortDescRecord extends Located {
  /** OpenFlow port number, or `LOCAL`. */
  readonly ofport: number | 'LOCAL';
  readonly name: string;
  readonly mac?: string;
  readonly config: readonly string[];
  readonly state: readonly string[];
  readonly speedMbps?: number;
}

// ---------------------------------------------------------------- ovs-ofctl dump-flows
/**
 * One match field as written in the dump: `ip` (a protocol keyword, no value), `in_port=1`,
 * `nw_dst=10.128.0.0/14`, `reg0=0x1`, `ct_state=-trk`, `tun_src=192.168.122.12`.
 */
export interface FlowMatchField {
  readonly field: string;
  readonly value?: string;
}

export type FlowAction =
  | { readonly kind: 'goto_table'; readonly table: number }
  | { readonly kind: 'resubmit'; readonly port?: string; readonly table?: number }
  /** `output:2`, `output:vxlan0` */
  | { readonly kind: 'output'; readonly port: string }
  /** `output:NXM_NX_REG2[]` */
  | { readonly kind: 'output_field'; readonly field: string }
  /** `load:0x2->NXM_NX_REG2[]`, `load:0xa58->NXM_OF_ETH_DST[32..47]` */
  | { readonly kind: 'load'; readonly value: string; readonly dst: string }
  /** `move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31]` */
  | { readonly kind: 'move'; readonly src: string; readonly dst: string }
  /** `set_field:192.168.122.12->tun_dst` */
  | { readonly kind: 'set_field'; readonly value: string; readonly field: string }
  | { readonly kind: 'drop' }
  /** `note:01.07.00.00.00.00` → bytes ['01','07','00',...] */
  | { readonly kind: 'note'; readonly bytes: readonly string[] }
  /** `ct(commit,table=30)`, `ct(table=70,nat)`, `ct(commit,nat(src=0.0.0.0),table=30)` */
  | {
      readonly kind: 'ct';
      readonly commit: boolean;
      readonly table?: number;
      readonly nat?: string;
      readonly args: string;
    }
  | { readonly kind: 'group'; readonly id: number }
  /** Anything else, kept as written. */
  | { readonly kind: 'other'; readonly text: string };

export interface OvsFlowRecord extends Located {
  /** Minimal hex as dumped, `0x0` when not shown. */
  readonly cookie: string;
  readonly table: number;
  /** 32768 when not shown (OpenFlow default). */
  readonly priority: number;
  readonly match: readonly FlowMatchField[];
  readonly actions: readonly FlowAction[];
  /** The `actions=` text as dumped. */
  readonly actionsText: string;
  readonly nPackets?: number;
  readonly nBytes?: number;
  readonly durationS?: number;
}

// ---------------------------------------------------------------- ovs-ofctl dump-groups
/** One bucket of an OpenFlow group: its actions as `dump-groups` prints them. */
export interface OvsGroupBucket {
  readonly bucketId?: number;
  readonly weight?: number;
  readonly actions: readonly FlowAction[];
  readonly actionsText: string;
}

/**
 * ` group_id=37,type=select,bucket=actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:10.0.12.34->tun_dst,output:1`
 * (openshift-sdn egress IP, rule version 10+: `table=101 … actions=ct(commit),group:<vnid>`).
 */
export interface OvsGroupRecord extends Located {
  readonly groupId: number;
  /** `select`, `all`, `indirect` or `ff`. */
  readonly type: string;
  readonly buckets: readonly OvsGroupBucket[];
}

// ---------------------------------------------------------------- iptables-save
export interface IptablesChainDecl extends Located {
  readonly name: string;
  /** ACCEPT/DROP for built-in chains, `-` for user chains. */
  readonly policy: string;
}

export interface IptablesRuleRecord extends Located {
  readonly table: string;
  readonly chain: string;
  /** Tokens after `-A CHAIN`, shell-unquoted. */
  readonly args: readonly string[];
  readonly source?: string;
  readonly sourceNegated?: boolean;
  readonly destination?: string;
  readonly destinationNegated?: boolean;
  readonly protocol?: string;
  readonly protocolNegated?: boolean;
  readonly inInterface?: string;
  readonly outInterface?: string;
  readonly dport?: string;
  readonly sport?: string;
  readonly comment?: string;
  /** `-m module` names in order. */
  readonly modules: readonly string[];
  /** `-j TARGET` */
  readonly jump?: string;
  /** `-g CHAIN` */
  readonly goto?: string;
  /** Options after the target (`--to-destination 10.1.2.3:8080`, `--reject-with ...`). */
  readonly targetArgs: readonly string[];
  readonly toDestination?: string;
  readonly toSource?: string;
  /** `-m statistic --mode random --probability P` */
  readonly probability?: number;
  /** `-m mark --mark V[/M]` (with `!` kept in markNegated) */
  readonly mark?: string;
  readonly markNegated?: boolean;
  /** `-m conntrack --ctstate X` / `-m state --state X` */
  readonly ctstate?: string;
  /** `-m addrtype --dst-type LOCAL` */
  readonly dstType?: string;
}

export interface IptablesTableRecord {
  readonly name: string;
  readonly line: number;
  readonly chains: readonly IptablesChainDecl[];
  readonly rules: readonly IptablesRuleRecord[];
  /** False when `COMMIT` was never seen (truncated output). */
  readonly committed: boolean;
}

// ---------------------------------------------------------------- iptables -t nat -L -n
export interface IptablesListRule extends Located {
  readonly target: string;
  readonly prot: string;
  readonly opt: string;
  /** `0.0.0.0/0` for `anywhere` (a listing without -n). */
  readonly source: string;
  readonly destination: string;
  /** `-v` listings' in/out columns when not `*` (`lo` in `ACCEPT all -- lo * …` = `-i lo`). */
  readonly inInterface?: string;
  readonly outInterface?: string;
  /** The rest of the line (`/* default/kubernetes:https cluster IP *\/ tcp dpt:443`). */
  readonly extra: string;
  readonly comment?: string;
  readonly dport?: string;
  readonly toDestination?: string;
}
export interface IptablesListChain extends Located {
  readonly name: string;
  readonly policy?: string;
  readonly references?: number;
  readonly rules: readonly IptablesListRule[];
}

// ---------------------------------------------------------------- resolv.conf
export interface ResolvConfRecord {
  readonly nameservers: readonly (Located & { readonly address: string })[];
  readonly search: readonly string[];
  readonly searchLine?: number;
  readonly options: readonly string[];
}

// ---------------------------------------------------------------- node config (3.x yaml, 3.11 config map)
export interface NodeConfigRecord {
  readonly nodeName?: string;
  readonly nodeIP?: string;
  readonly mtu?: number;
  readonly mtuLine?: number;
  readonly networkPluginName?: string;
  readonly pluginLine?: number;
  readonly clusterNetworkCIDR?: string;
  readonly serviceNetworkCIDR?: string;
  readonly dnsIP?: string;
  readonly dnsDomain?: string;
  readonly iptablesSyncPeriod?: string;
  readonly proxyMode?: string;
}

// ---------------------------------------------------------------- journalctl of the node service
export interface JournalLine extends Located {
  readonly text: string;
}
export interface JournalBlock {
  /** 39.10: `Output of setup script:` or `Output of adding table=0`. */
  readonly kind: 'setup-script' | 'adding-table0';
  readonly line: number;
  readonly lines: readonly JournalLine[];
  /** Lines of the block that report an error. */
  readonly errors: readonly JournalLine[];
}
export interface NodeJournalRecord {
  readonly blocks: readonly JournalBlock[];
  /** Error lines anywhere in the log (klog `E0102 ...`, `error`, `failed`). */
  readonly errors: readonly JournalLine[];
  /** Lines saying the node waits for or failed its network setup (no HostSubnet yet, start-up failed). */
  readonly setupFailures: readonly JournalLine[];
  /** 39.13.2: `… TLS handshake timeout` lines (present only when there are some). */
  readonly tlsHandshakeTimeouts?: readonly JournalLine[];
}

// ---------------------------------------------------------------- dig
export interface DigAnswerRecord extends Located {
  readonly name: string;
  readonly ttl: number;
  readonly class: string;
  readonly type: string;
  readonly data: string;
}
export interface DigShortRecord {
  /** Answer lines in order (addresses or CNAME targets). */
  readonly answers: readonly string[];
  /** `;; connection timed out; no servers could be reached` */
  readonly error?: string;
}

// ---------------------------------------------------------------- curl -kv
export interface CurlRecord {
  readonly resolvedIp?: string;
  readonly port?: number;
  readonly connected: boolean;
  /** refused | timeout | resolve | no-route | reset | tls | other */
  readonly failure?: 'refused' | 'timeout' | 'resolve' | 'no-route' | 'reset' | 'tls' | 'other';
  readonly failureLine?: Located;
  readonly requestLine?: string;
  readonly requestHost?: string;
  readonly httpVersion?: string;
  readonly status?: number;
  readonly statusLine?: Located;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly tls?: { readonly version?: string; readonly cipher?: string; readonly subject?: string };
}

// ---------------------------------------------------------------- ping / tracepath
export interface PingRecord {
  readonly target?: string;
  readonly targetIp?: string;
  readonly transmitted?: number;
  readonly received?: number;
  readonly lossPct?: number;
  readonly rttMs?: {
    readonly min: number;
    readonly avg: number;
    readonly max: number;
    readonly mdev: number;
  };
  /** `Frag needed and DF set (mtu = 1450)` / `message too long, mtu=1450` */
  readonly fragNeededMtu?: number;
  readonly errors: readonly Located[];
}

export interface TracepathHop extends Located {
  readonly ttl: number;
  readonly host?: string;
  readonly rttMs?: number;
  readonly pmtu?: number;
  readonly noReply: boolean;
  readonly reached: boolean;
}
export interface TracepathRecord {
  readonly hops: readonly TracepathHop[];
  readonly pmtu?: number;
  readonly reached: boolean;
  readonly hopCount?: number;
}

// ---------------------------------------------------------------- ethtool
export interface EthtoolRecord {
  readonly iface?: string;
  readonly linkDetected?: boolean;
  readonly speed?: string;
  readonly duplex?: string;
  readonly settings: Readonly<Record<string, string>>;
}
export interface EthtoolStatsRecord {
  readonly stats: Readonly<Record<string, number>>;
  /** veth: `peer_ifindex` (39.13.3). */
  readonly peerIfindex?: number;
}
export interface EthtoolDriverRecord {
  readonly driver?: string;
  readonly version?: string;
  readonly busInfo?: string;
  readonly fields: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------- processes (ps), keepalived logs
/** One line of `ps -e -o pid=,args=` (ipf-debug.sh: `ps ax | grep keepalived`, guide §12). */
export interface ProcessRecord extends Located {
  readonly pid: number;
  /** The command line as ps prints it. */
  readonly args: string;
  /** Base name of the program (`/usr/sbin/keepalived` → `keepalived`). */
  readonly command: string;
}

/**
 * One keepalived line ipf-debug.sh greps for (`VRRP_Inst`, `Netli`) or one of its check script's
 * results: `VRRP_Instance(X) Entering MASTER STATE` (1.x) / `(X) Entering MASTER STATE` (2.x),
 * `VRRP_Script(chk_x) succeeded|failed`, `Script \`chk_x\` now returning N`, `Netlink reflector …`.
 */
export interface KeepalivedEvent extends Located {
  readonly kind: 'state' | 'script' | 'netlink';
  /** vrrp_instance name (state lines). */
  readonly instance?: string;
  /** MASTER / BACKUP / FAULT (state lines). */
  readonly state?: string;
  /** vrrp_script name (script lines). */
  readonly script?: string;
  /** True when the check script succeeded (script lines). */
  readonly ok?: boolean;
}

export interface KeepalivedLogRecord {
  readonly events: readonly KeepalivedEvent[];
}
