/**
 * From everything the walk concluded to ROOT causes: one missing flow that makes a pod
 * unreachable and a service degraded is one cause. Pure functions over candidates, so every
 * rule is unit-tested on its own.
 */
import { FAULT_IDS, FAULT_SECTIONS, type FaultId } from '../model/faults.js';
import { compareSections } from '../model/sections.js';
import type { Cause } from './types.js';

/** A conclusion before root-cause reduction. */
export interface Candidate extends Cause {
  /** Nodes on the failing path (an active symptom is explained by a path fault on any of them). */
  readonly involves?: readonly string[];
  /** Text of the finding (message + evidence), for matching addresses it mentions. */
  readonly text?: string;
}

/**
 * Faults that break forwarding on a node's path: they explain endpoint and service symptoms seen
 * through that node. They are the guide's §6 (node to node), §7 (the node's routes, br0, iptables)
 * and §10 (the SDN setup that builds them).
 */
const PATH_FAULTS: ReadonlySet<FaultId> = new Set(
  FAULT_IDS.filter((f) => /^(6|7|10)(\.|$)/.test(FAULT_SECTIONS[f])),
);

/** 39.7.3.2 / 39.7.4: routes or flows missing on a node whose SDN setup failed — read the logs (39.10). */
const SETUP_CONSEQUENCES: ReadonlySet<FaultId> = new Set<FaultId>([
  'cluster-route-missing',
  'flow-tun-src-missing',
  'flow-tun-dst-missing',
  'flow-pod-missing',
  'ovs-port-missing',
]);

/** Active symptoms: concluded only because nothing deeper was found on their path. */
const SYMPTOMS: ReadonlySet<FaultId> = new Set<FaultId>(['endpoint-down', 'svc-nat-missing']);

/** Two candidates name the same thing: same fault and node, and no object field that differs. */
function sameObject(a: Cause, b: Cause): boolean {
  if (a.fault !== b.fault || (a.node ?? '') !== (b.node ?? '')) return false;
  const f = (x?: string, y?: string): boolean => x === undefined || y === undefined || x === y;
  return f(a.pod, b.pod) && f(a.service, b.service) && f(a.route, b.route);
}

/** Merges candidates naming the same fault on the same object (evidence concatenated, the more specific object kept). */
export function dedupe(cands: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of cands) {
    const i = out.findIndex((o) => sameObject(o, c));
    if (i < 0) {
      out.push(c);
      continue;
    }
    const prev = out[i]!;
    const evidence = [...prev.evidence, ...c.evidence.filter((e) => !prev.evidence.includes(e))];
    const involves = [...new Set([...(prev.involves ?? []), ...(c.involves ?? [])])];
    out[i] = {
      ...prev,
      ...((prev.pod ?? c.pod) ? { pod: prev.pod ?? c.pod } : {}),
      ...((prev.service ?? c.service) ? { service: prev.service ?? c.service } : {}),
      ...((prev.route ?? c.route) ? { route: prev.route ?? c.route } : {}),
      evidence,
      involves,
      text: `${prev.text ?? ''}\n${c.text ?? ''}`,
    };
  }
  return out;
}

/** Word-boundary match of an address or CIDR in free text. */
function mentions(text: string | undefined, token: string | undefined): boolean {
  if (!text || !token) return false;
  const esc = token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(^|[^0-9.])${esc}($|[^0-9])`).test(text);
}

export interface RootCauseHints {
  /** Pod IPs by `namespace/name`, to match findings that name a pod by address only. */
  readonly podIps?: Readonly<Record<string, string>>;
  /** Stale HostSubnets: the recorded hostIP and subnet of each. */
  readonly staleHostSubnets?: readonly {
    readonly node: string;
    readonly hostIP: string;
    readonly subnet: string;
  }[];
  /** Router port (router-timeout explains a drop rule on that port on the router's node). */
  readonly routerPort?: number;
}

/** Why a candidate is a symptom of another one, or undefined when it is a root cause. */
export function explainedBy(
  c: Candidate,
  all: readonly Candidate[],
  hints: RootCauseHints = {},
): Candidate | undefined {
  const others = all.filter((o) => o !== c);
  if (SYMPTOMS.has(c.fault)) {
    const nodes = new Set([...(c.involves ?? []), ...(c.node ? [c.node] : [])]);
    const deeper = others.find((o) => PATH_FAULTS.has(o.fault) && o.node !== undefined && nodes.has(o.node));
    if (deeper) return deeper;
    if (c.service) {
      const noEp = others.find((o) => o.fault === 'svc-no-endpoints' && o.service === c.service);
      if (noEp) return noEp;
    }
  }
  if (SETUP_CONSEQUENCES.has(c.fault)) {
    const setup = others.find((o) => o.fault === 'sdn-setup-error' && o.node === c.node);
    if (setup) return setup;
  }
  // 39.7.4: a pod whose veth is not on br0 also loses its per-pod flows — one cause.
  if (c.fault === 'flow-pod-missing') {
    const ip = c.pod ? hints.podIps?.[c.pod] : undefined;
    const port = others.find(
      (o) =>
        o.fault === 'ovs-port-missing' &&
        o.node === c.node &&
        ((c.pod && o.pod === c.pod) ||
          (o.pod && mentions(c.text, hints.podIps?.[o.pod])) ||
          (ip && mentions(o.text, ip))),
    );
    if (port) return port;
  }
  // 39.6: a HostSubnet with a stale hostIP makes other nodes' tunnel flows look wrong for that node.
  if (c.fault === 'flow-tun-src-missing' || c.fault === 'flow-tun-dst-missing') {
    for (const s of hints.staleHostSubnets ?? []) {
      if (
        s.node !== c.node &&
        (mentions(c.text, s.hostIP) || mentions(c.text, s.subnet) || c.text?.includes(s.node))
      ) {
        const stale = others.find((o) => o.fault === 'hostsubnet-stale' && o.node === s.node);
        if (stale) return stale;
      }
    }
  }
  // 39.3: the drop rule in front of the router port is the router timeout, already reported.
  if (c.fault === 'iptables-drop' && hints.routerPort !== undefined) {
    const rt = others.find((o) => o.fault === 'router-timeout' && o.node === c.node);
    const p = String(hints.routerPort);
    if (rt && (c.text?.includes(`--dport ${p}`) || c.text?.includes(`dpt:${p}`))) return rt;
  }
  return undefined;
}

/** Dedupes, drops symptoms explained by a deeper cause, and sorts (section, fault, object). */
export function rootCauses(cands: readonly Candidate[], hints: RootCauseHints = {}): Cause[] {
  const merged = dedupe(cands);
  // Explanations are judged against the merged set; a chain (A explains B explains C) still keeps only A.
  const kept = merged.filter((c) => !explainedBy(c, merged, hints));
  return kept
    .map(({ involves: _i, text: _t, ...cause }) => cause)
    .sort(
      (a, b) =>
        compareSections(a.section, b.section) ||
        a.fault.localeCompare(b.fault) ||
        (a.node ?? '').localeCompare(b.node ?? '') ||
        (a.pod ?? '').localeCompare(b.pod ?? '') ||
        (a.service ?? '').localeCompare(b.service ?? ''),
    );
}
