/**
 * Reachability for every pod → pod, pod → service port and node → pod pair, computed by
 * equivalence classes (issue 5): pods whose paths the flows decide alike (signatures.ts) form a
 * class per node; one representative per class is traced, in three passes over the nodes so that
 * only a few nodes need to be compiled at a time:
 *   1. classes: per node, the pods' signatures, and pods other nodes name individually (singletons);
 *   2. egress: per node, each source class to each local class (whole trace), to each remote node
 *      (up to the VXLAN hop), and to each service port (every endpoint branch);
 *   3. ingress: per receiving node, the VXLAN arrivals grouped by what its flows can tell apart
 *      (tun_src and nw_src templates, VNI, protocol and port, destination class), one trace each.
 * Pairs are then counted by class sizes; broken pairs are grouped by their deciding rule and node.
 */
import type { Pod } from '../model/types.js';
import { msg, type Msg } from '../i18n/message.js';
import type { Arrival, ClusterDataplane, TraceSource, TraceTarget } from './cluster.js';
import { parseIp } from './ipv4.js';
import { F, PROTO_TCP, PROTO_UDP } from './packet.js';
import {
  FieldSignature,
  FlowMentions,
  foreignMentions,
  NW_SRC_FIELDS,
  podSignature,
  TUN_SRC_FIELDS,
} from './signatures.js';
import {
  DATAPLANE_SCHEMA_VERSION,
  SUCCESS_DISPOSITIONS,
  type Cause,
  type Disposition,
  type Trace,
} from './types.js';

export type PairKind = 'pod-pod' | 'pod-service' | 'node-pod';

export interface MatrixOptions {
  /** At most this many pairs are listed (counts and broken groups are always complete). */
  readonly maxPairs?: number;
  /** Drop compiled nodes after each use (for clusters too big to hold compiled at once). */
  readonly streaming?: boolean;
  /** Port probed for pod and node → pod pairs (default: the pod's first container port, else 8080). */
  readonly podPort?: number;
}

export interface MatrixPair {
  readonly from: string;
  readonly to: string;
  readonly reachable: boolean;
  /** English text of the cause (see `broken` for both languages). */
  readonly cause?: string;
}

export interface BrokenGroup {
  readonly cause: string;
  readonly message: Msg;
  readonly disposition: Disposition;
  readonly node?: string;
  readonly table?: number | string;
  readonly rule?: string;
  readonly pairs: number;
  readonly examples: readonly { readonly from: string; readonly to: string }[];
  /**
   * True when the deciding rule is the plugin's isolation (table 80: multitenant VNIDs,
   * NetworkPolicy — pipeline reference §5): usually what the administrator wants, not a fault.
   */
  readonly isolation?: boolean;
}

export interface MatrixResult {
  readonly schemaVersion: number;
  readonly counts: {
    readonly pairs: number;
    readonly reachable: number;
    readonly broken: number;
    readonly byKind: Readonly<Record<PairKind, { readonly pairs: number; readonly reachable: number }>>;
  };
  /** True when `pairs` lists fewer than `counts.pairs`. */
  readonly truncated: boolean;
  readonly maxPairs: number;
  readonly pairs: readonly MatrixPair[];
  readonly broken: readonly BrokenGroup[];
  /** How much work the classes saved. */
  readonly stats: { readonly pods: number; readonly podClasses: number; readonly traces: number };
}

interface PodRef {
  readonly pod: Pod;
  readonly ip: number;
  readonly label: string;
}

interface PodClass {
  readonly id: number;
  readonly node: string;
  readonly members: PodRef[];
}

interface Outcome {
  readonly reachable: boolean;
  readonly cause?: Cause & { readonly disposition: Disposition };
}

/** A result still waiting for its ingress trace (pass 3). */
interface Pending {
  arrival: Arrival;
  /** Pod the packet must reach. */
  readonly target: number;
  outcome?: Outcome;
}

type Branch = Outcome | Pending;

const DEFAULT_MAX_PAIRS = 100_000;
/** Table 80: ingress isolation of multitenant and networkpolicy (pipeline reference §5). */
const ISOLATION_TABLE = 80;
const EXAMPLES = 5;

function vnidOf(dp: ClusterDataplane, ns: string): number | undefined {
  return dp.model.netNamespaces?.value.find((n) => n.name === ns)?.netid;
}

function outcomeOf(t: Trace, target: number | 'any-pod'): Outcome {
  const branches = [t, ...(t.alternatives ?? [])];
  for (const b of branches) {
    const o = single(b, target);
    if (!o.reachable) return o;
  }
  return { reachable: true };
}

function single(t: Trace, target: number | 'any-pod'): Outcome {
  if (!SUCCESS_DISPOSITIONS.has(t.disposition) || t.deliveredTo?.kind !== 'pod') {
    const cause = t.cause ?? {
      message: msg(
        `ends "${t.disposition}" instead of at the pod`,
        `Pod に届かず "${t.disposition}" で終わります`,
      ),
    };
    return { reachable: false, cause: { ...cause, disposition: t.disposition } };
  }
  if (target !== 'any-pod' && parseIp(t.deliveredTo.ip) !== target) {
    const d = t.deliveredTo;
    const lastNode = t.hops[t.hops.length - 1]?.node;
    return {
      reachable: false,
      cause: {
        disposition: t.disposition,
        ...(lastNode ? { node: lastNode } : {}),
        message: msg(
          `delivered to the wrong pod ${d.namespace}/${d.name}`,
          `別の Pod ${d.namespace}/${d.name} に配送されます`,
        ),
      },
    };
  }
  return { reachable: true };
}

function combine(branches: readonly Branch[]): Outcome {
  for (const b of branches) {
    const o = 'arrival' in b ? b.outcome! : b;
    if (!o.reachable) return o;
  }
  return { reachable: true };
}

export function computeMatrix(dp: ClusterDataplane, options: MatrixOptions = {}): MatrixResult {
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  const model = dp.model;
  let traces = 0;
  const release = (name: string): void => {
    if (options.streaming) dp.forget(name);
  };

  // ---- classes need each node's flows: they are formed during the egress pass, node by node.
  const pods: PodRef[] = [];
  for (const pod of model.pods?.value ?? []) {
    const ip = parseIp(pod.podIP ?? '');
    if (ip === undefined || pod.hostNetwork || !pod.node) continue;
    pods.push({ pod, ip, label: `pod/${pod.namespace}/${pod.name}` });
  }
  pods.sort((a, b) => a.label.localeCompare(b.label));
  const podsByNode = new Map<string, PodRef[]>();
  for (const p of pods) {
    const list = podsByNode.get(p.pod.node!);
    if (list) list.push(p);
    else podsByNode.set(p.pod.node!, [p]);
  }
  const nodeNames = [
    ...new Set([
      ...(model.nodes?.value.map((n) => n.name) ?? []),
      ...Object.keys(model.nodeFacts),
      ...podsByNode.keys(),
    ]),
  ].sort();
  const podByIp = new Map(pods.map((p) => [p.ip, p]));
  /** Pods some other node's flows name by address: their pairs are traced one by one at the end. */
  const special = new Set<number>();
  const classes: PodClass[] = [];
  const classOf = new Map<number, PodClass>();
  const classesByNode = new Map<string, PodClass[]>();

  // Service ports: each is one destination.
  interface SvcPort {
    readonly label: string;
    readonly target: TraceTarget;
  }
  const svcPorts: SvcPort[] = [];
  for (const s of model.services?.value ?? []) {
    const ip = parseIp(s.clusterIP ?? '');
    if (ip === undefined) continue;
    for (const sp of s.ports) {
      const proto = sp.protocol.toUpperCase() === 'UDP' ? PROTO_UDP : PROTO_TCP;
      svcPorts.push({
        label: `svc/${s.namespace}/${s.name}:${sp.port}`,
        target: { ip, port: sp.port, proto },
      });
    }
  }
  svcPorts.sort((a, b) => a.label.localeCompare(b.label));

  const portFor = (p: PodRef): number => options.podPort ?? p.pod.containerPorts[0]?.port ?? 8080;
  const podTarget = (p: PodRef): TraceTarget => ({ ip: p.ip, port: portFor(p), proto: PROTO_TCP });

  /** Arrivals per receiving node, to finish in pass 2; `dstNode` = all classes of that node. */
  interface RemoteEgress {
    readonly finals: readonly Trace[];
    readonly arrivals: readonly Arrival[];
  }
  const pending = new Map<string, Pending[]>();
  const addPending = (a: Arrival, target: number): Pending => {
    const p: Pending = { arrival: a, target };
    const list = pending.get(a.receiver);
    if (list) list.push(p);
    else pending.set(a.receiver, [p]);
    return p;
  };
  /** (source key) → (destination key) → branches */
  const results = new Map<string, Map<string, Branch[]>>();
  const put = (src: string, dst: string, b: Branch[]): void => {
    let m = results.get(src);
    if (!m) results.set(src, (m = new Map()));
    m.set(dst, b);
  };
  /** (source key) → remote node → its half of the path, until the remote classes are known */
  const remoteEgress = new Map<string, Map<string, RemoteEgress>>();
  dp.lean = true;

  // ---- pass 1: per node, its classes, then egress from each of them (and from the node itself)
  for (const a of nodeNames) {
    const view = dp.node(a);
    const flows = view.facts?.ovs.flows?.value;
    const local = podsByNode.get(a) ?? [];
    const bySig = new Map<string, PodClass>();
    const localClasses: PodClass[] = [];
    const mentions = flows ? new FlowMentions(flows) : undefined;
    /** Other nodes' pods this node's flows name: never the probe standing for their node. */
    const named = new Set<number>();
    if (mentions) {
      const own = new Set(local.map((p) => p.ip));
      if (view.gateway !== undefined) own.add(view.gateway);
      for (const ip of foreignMentions(mentions, own)) {
        if (podByIp.has(ip)) {
          special.add(ip);
          named.add(ip);
        }
      }
    }
    for (const p of local) {
      const sig = mentions
        ? podSignature(view, mentions, p.ip, vnidOf(dp, p.pod.namespace))
        : `noflows:${vnidOf(dp, p.pod.namespace)}`;
      let c = bySig.get(sig);
      if (!c) {
        c = { id: classes.length, node: a, members: [] };
        classes.push(c);
        bySig.set(sig, c);
        localClasses.push(c);
      }
      c.members.push(p);
      classOf.set(p.ip, c);
    }
    classesByNode.set(a, localClasses);

    const sources: { key: string; source: TraceSource; rep?: PodRef }[] = localClasses.map((c) => ({
      key: `c${c.id}`,
      source: { kind: 'pod', pod: c.members[0]!.pod },
      rep: c.members[0]!,
    }));
    sources.push({ key: `n:${a}`, source: { kind: 'node', node: a } });
    for (const src of sources) {
      for (const d of localClasses) {
        const target = d.members.find((m) => m !== src.rep);
        if (!target) continue;
        traces++;
        put(src.key, `c${d.id}`, [outcomeOf(dp.trace(src.source, podTarget(target)), target.ip)]);
      }
      // Remote nodes: this node decides by the destination's HostSubnet (table 90), so one probe
      // per node stands for all its pods (pods it names one by one are special, see below).
      const perNode = new Map<string, RemoteEgress>();
      for (const b of nodeNames) {
        const probe = b === a ? undefined : podsByNode.get(b)?.find((p) => !named.has(p.ip));
        if (!probe) continue;
        traces++;
        perNode.set(b, dp.traceSegments(src.source, podTarget(probe)));
      }
      remoteEgress.set(src.key, perNode);
      if (src.rep) {
        for (const sp of svcPorts) {
          traces++;
          const seg = dp.traceSegments(src.source, sp.target);
          const branches: Branch[] = seg.finals.map((f) => single(f, 'any-pod'));
          for (const arr of seg.arrivals) branches.push(addPending(arr, arr.packet[F.NW_DST]!));
          put(src.key, sp.label, branches);
        }
      }
    }
    release(a);
  }

  // Remote egress × the destination node's classes (known now): one branch list per class pair.
  for (const [srcKey, perNode] of remoteEgress) {
    for (const [b, seg] of perNode) {
      for (const d of classesByNode.get(b) ?? []) {
        const rep = d.members[0]!;
        const branches: Branch[] = seg.finals.map((f) => single(f, rep.ip));
        for (const arr of seg.arrivals) {
          const packet = arr.packet.slice();
          packet[F.NW_DST] = rep.ip;
          branches.push(addPending({ ...arr, packet }, rep.ip));
        }
        put(srcKey, `c${d.id}`, branches);
      }
    }
  }
  remoteEgress.clear();

  // ---- pass 2: ingress, grouped by what the receiving node can tell apart
  for (const b of [...pending.keys()].sort()) {
    const view = dp.node(b);
    const flows = view.facts?.ovs.flows?.value ?? [];
    const tunSig = new FieldSignature(flows, TUN_SRC_FIELDS);
    const srcSig = new FieldSignature(flows, NW_SRC_FIELDS);
    const done = new Map<string, Outcome>();
    for (const p of pending.get(b)!) {
      let pk = p.arrival.packet;
      // A class stands for its plain members: if its representative is special (named by some
      // node), let a plain member speak for the class (the special one is traced on its own).
      const from = classOf.get(pk[F.NW_SRC]!);
      if (from && special.has(pk[F.NW_SRC]!)) {
        const alt = from.members.find((m) => !special.has(m.ip));
        if (alt) {
          pk = pk.slice();
          pk[F.NW_SRC] = alt.ip;
          pk[F.DL_SRC_LO] = alt.ip;
          p.arrival = { ...p.arrival, packet: pk };
        }
      }
      const dstClass = classOf.get(p.target);
      const key = [
        p.arrival.sender === b ? 'self' : tunSig.of(pk[F.TUN_SRC]!),
        pk[F.TUN_ID],
        pk[F.TUN_DST],
        srcSig.of(pk[F.NW_SRC]!),
        pk[F.NW_PROTO],
        pk[F.TP_DST],
        dstClass ? `c${dstClass.id}` : `ip${p.target}`,
      ].join('\u0000');
      let o = done.get(key);
      if (!o) {
        traces++;
        o = outcomeOf(dp.traceArrival(p.arrival), p.target);
        done.set(key, o);
      }
      p.outcome = o;
    }
    pending.delete(b);
    release(b);
  }

  // ---- pods named one by one by some node (NetworkPolicy peers, hand-made flows): pair by pair.
  const overrides = new Map<string, Outcome>();
  for (const ip of [...special].sort((x, y) => x - y)) {
    const q = podByIp.get(ip)!;
    for (const x of pods) {
      if (x === q) continue;
      traces += 2;
      overrides.set(
        `${x.label}>${q.label}`,
        outcomeOf(dp.trace({ kind: 'pod', pod: x.pod }, podTarget(q)), q.ip),
      );
      overrides.set(
        `${q.label}>${x.label}`,
        outcomeOf(dp.trace({ kind: 'pod', pod: q.pod }, podTarget(x)), x.ip),
      );
    }
    for (const n of nodeNames) {
      traces++;
      overrides.set(
        `node/${n}>${q.label}`,
        outcomeOf(dp.trace({ kind: 'node', node: n }, podTarget(q)), q.ip),
      );
    }
    for (const sp of svcPorts) {
      traces++;
      overrides.set(
        `${q.label}>${sp.label}`,
        outcomeOf(dp.trace({ kind: 'pod', pod: q.pod }, sp.target), 'any-pod'),
      );
    }
  }
  dp.lean = false;

  // ---- expansion: counts, listed pairs, broken groups
  const byKind: Record<PairKind, { pairs: number; reachable: number }> = {
    'pod-pod': { pairs: 0, reachable: 0 },
    'pod-service': { pairs: 0, reachable: 0 },
    'node-pod': { pairs: 0, reachable: 0 },
  };
  const listed: MatrixPair[] = [];
  const groups = new Map<
    string,
    { g: Omit<BrokenGroup, 'pairs' | 'examples'>; pairs: number; examples: { from: string; to: string }[] }
  >();
  const record = (
    kind: PairKind,
    o: Outcome,
    count: number,
    examples: () => Iterable<[string, string]>,
  ): void => {
    byKind[kind].pairs += count;
    if (o.reachable) byKind[kind].reachable += count;
    const enough = listed.length >= maxPairs;
    let g: { pairs: number; examples: { from: string; to: string }[] } | undefined;
    if (!o.reachable) {
      const c = o.cause!;
      const gk = [
        c.disposition,
        c.node ?? '',
        c.table ?? '',
        c.rule ?? '',
        c.rule || c.table !== undefined ? '' : c.message.en,
      ].join('|');
      g = groups.get(gk);
      if (!g) {
        const entry = {
          g: {
            cause: c.message.en,
            message: c.message,
            disposition: c.disposition,
            ...(c.node ? { node: c.node } : {}),
            ...(c.table !== undefined ? { table: c.table } : {}),
            ...(c.rule ? { rule: c.rule } : {}),
            ...(c.table === ISOLATION_TABLE && c.disposition === 'dropped' ? { isolation: true } : {}),
          },
          pairs: 0,
          examples: [] as { from: string; to: string }[],
        };
        groups.set(gk, entry);
        g = entry;
      }
      g.pairs += count;
    }
    if (enough && (!g || g.examples.length >= EXAMPLES)) return;
    for (const [from, to] of examples()) {
      const full = listed.length >= maxPairs;
      if (full && (!g || g.examples.length >= EXAMPLES)) break;
      if (!full)
        listed.push({ from, to, reachable: o.reachable, ...(o.cause ? { cause: o.cause.message.en } : {}) });
      if (g && g.examples.length < EXAMPLES) g.examples.push({ from, to });
    }
  };

  const plain = (c: PodClass): PodRef[] => c.members.filter((m) => !special.has(m.ip));
  for (const s of classes) {
    const row = results.get(`c${s.id}`);
    const xs = plain(s);
    for (const d of classes) {
      const branches = row?.get(`c${d.id}`);
      if (!branches) continue;
      const ys = plain(d);
      const n = xs.length * ys.length - (s === d ? xs.length : 0);
      if (n <= 0) continue;
      record('pod-pod', combine(branches), n, function* () {
        for (const x of xs) for (const y of ys) if (x !== y) yield [x.label, y.label];
      });
    }
    for (const sp of svcPorts) {
      const branches = row?.get(sp.label);
      if (!branches || xs.length === 0) continue;
      record('pod-service', combine(branches), xs.length, function* () {
        for (const x of xs) yield [x.label, sp.label];
      });
    }
  }
  for (const a of nodeNames) {
    const row = results.get(`n:${a}`);
    for (const d of classes) {
      const branches = row?.get(`c${d.id}`);
      const ys = plain(d);
      if (!branches || ys.length === 0) continue;
      record('node-pod', combine(branches), ys.length, function* () {
        for (const y of ys) yield [`node/${a}`, y.label];
      });
    }
  }
  for (const [key, o] of [...overrides].sort((x, y) => x[0].localeCompare(y[0]))) {
    const [from, to] = key.split('>') as [string, string];
    const kind: PairKind = from.startsWith('node/')
      ? 'node-pod'
      : to.startsWith('svc/')
        ? 'pod-service'
        : 'pod-pod';
    record(kind, o, 1, function* () {
      yield [from, to];
    });
  }
  const total = byKind['pod-pod'].pairs + byKind['pod-service'].pairs + byKind['node-pod'].pairs;
  const reachable =
    byKind['pod-pod'].reachable + byKind['pod-service'].reachable + byKind['node-pod'].reachable;
  const broken = [...groups.values()]
    .map(({ g, pairs, examples }) => ({ ...g, pairs, examples }))
    .sort(
      (x, y) =>
        y.pairs - x.pairs || x.cause.localeCompare(y.cause) || (x.node ?? '').localeCompare(y.node ?? ''),
    );
  return {
    schemaVersion: DATAPLANE_SCHEMA_VERSION,
    counts: { pairs: total, reachable, broken: total - reachable, byKind },
    truncated: listed.length < total,
    maxPairs,
    pairs: listed,
    broken,
    stats: { pods: pods.length, podClasses: classes.length, traces },
  };
}
