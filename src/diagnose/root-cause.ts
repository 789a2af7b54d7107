/**
 * From everything the walk concluded to ROOT causes: one missing flow that makes a pod
 * unreachable and a service degraded is one cause. Pure functions over candidates, so every
 * rule is unit-tested on its own.
 */
import { msg, sameText, type Msg } from '../i18n/message.js';
import { FAULT_IDS, FAULT_SECTIONS, type FaultId } from '../model/faults.js';
import { compareSections } from '../model/sections.js';
import type { Cause } from './types.js';

/** A conclusion before root-cause reduction. */
export interface Candidate extends Cause {
  /** Nodes on the failing path (an active symptom is explained by a path fault on any of them). */
  readonly involves?: readonly string[];
  /** Text of the finding (message + evidence), for matching addresses it mentions. */
  readonly text?: string;
  /**
   * Concluded from a probe that failed (not from configuration read on the node): it proves
   * something only when nothing deeper already breaks the probe's path (`involves`).
   */
  readonly active?: boolean;
}

/**
 * Faults that break forwarding on a node's path: they explain endpoint and service symptoms seen
 * through that node. They are the guide's §6 (node to node), §7 (the node's routes, br0, iptables)
 * and §10 (the SDN setup that builds them).
 */
const PATH_FAULTS: ReadonlySet<FaultId> = new Set<FaultId>([
  ...FAULT_IDS.filter((f) => /^(6|7|10)(\.|$)/.test(FAULT_SECTIONS[f])),
  // 39.13.3: br0's flows sending a pod's traffic to another pod's veth break forwarding on the
  // node as a missing flow does (the guide lists it among its closing notes, not in §7)
  'veth-peer-mismatch',
]);

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

/**
 * Faults a failed probe across the SDN may raise (a pod-to-pod don't-fragment ping for §8, a
 * pod's DNS query for §9): such a probe crosses the flows, br0, the tunnel and the nodes' routes
 * and rules, so a path fault on one of its nodes explains its failure. A host-to-host ping (§6)
 * crosses none of them and is not listed.
 */
const SDN_PROBES: ReadonlySet<FaultId> = new Set<FaultId>(['mtu-mismatch', 'egress-dns-wildcard']);

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
    const evidence = [
      ...prev.evidence,
      ...c.evidence.filter((e) => !prev.evidence.some((p) => sameText(p, e))),
    ];
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
  /**
   * Nodes whose path layers (§6/§7/§10) could not be read, with why: a symptom seen through
   * them may have a deeper cause nobody could see, so it is undecided, not a root cause.
   */
  readonly unreadPath?: Readonly<Record<string, Msg>>;
}

/** Why a candidate is a symptom of another one, or undefined when it is a root cause. */
export function explainedBy(
  c: Candidate,
  all: readonly Candidate[],
  hints: RootCauseHints = {},
): Candidate | undefined {
  const others = all.filter((o) => o !== c);
  if (SYMPTOMS.has(c.fault) || (c.active && SDN_PROBES.has(c.fault))) {
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
  // 39.13.3: two pods that got each other's ports are one swap, found from both pods (each finding
  // names the other pod's veth). The pod a failed probe reached is the one the walk reports.
  if (c.fault === 'veth-peer-mismatch' && c.pod) {
    const reached = (pod: string | undefined): boolean =>
      others.some((o) => SYMPTOMS.has(o.fault) && o.pod !== undefined && o.pod === pod);
    const partner = others.find(
      (o) =>
        o.fault === 'veth-peer-mismatch' &&
        o.node === c.node &&
        o.pod !== undefined &&
        c.text?.includes(`pod ${o.pod}`) &&
        o.text?.includes(`pod ${c.pod}`),
    );
    if (partner && reached(partner.pod) && !reached(c.pod)) return partner;
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
  // §12: keepalived's check connects to the router's port on its own node; a drop rule there
  // (router-timeout) fails the check too — the rule is the root, the lost failover its effect.
  if (c.fault === 'ipf-check-failing') {
    const rt = others.find((o) => o.fault === 'router-timeout' && o.node === c.node);
    if (rt) return rt;
  }
  // 39.3: the drop rule in front of the router port is the router timeout, already reported.
  if (c.fault === 'iptables-drop' && hints.routerPort !== undefined) {
    const rt = others.find((o) => o.fault === 'router-timeout' && o.node === c.node);
    const p = String(hints.routerPort);
    if (rt && (c.text?.includes(`--dport ${p}`) || c.text?.includes(`dpt:${p}`))) return rt;
  }
  return undefined;
}

/**
 * Settings the nodes share (39.8 the SDN MTU, 39.9 the resolver's search list, §12 the failover's
 * interface): the same finding
 * on several nodes is one misconfiguration, not one per node.
 */
const SHARED_SETTINGS: ReadonlySet<FaultId> = new Set<FaultId>([
  'mtu-mismatch',
  'egress-dns-wildcard',
  // §12: OPENSHIFT_HA_NETWORK_INTERFACE is one setting of the configuration for all its nodes
  'ipf-interface-missing',
]);

/** The finding's words with its node's name taken out, to tell "the same setting" on two nodes. */
function sameSetting(c: Candidate): string {
  const strip = (t: string): string => (c.node ? t.split(c.node).join('<node>') : t);
  return `${c.fault}\n${strip(c.summary.en)}\n${strip(c.fix.en)}`;
}

/**
 * One cause per shared misconfiguration: candidates of a shared setting that read the same on
 * several nodes (and name no pod or service) become one, `node` the first and `nodes` all of them.
 */
export function mergeShared(cands: readonly Candidate[]): Candidate[] {
  const groups = new Map<string, Candidate[]>();
  const out: (Candidate | string)[] = [];
  for (const c of cands) {
    if (!SHARED_SETTINGS.has(c.fault) || !c.node || c.pod || c.service || c.route) {
      out.push(c);
      continue;
    }
    const k = sameSetting(c);
    if (!groups.has(k)) {
      groups.set(k, []);
      out.push(k);
    }
    groups.get(k)!.push(c);
  }
  return out.map((x) => {
    if (typeof x !== 'string') return x;
    const g = [...groups.get(x)!].sort((a, b) => a.node!.localeCompare(b.node!));
    if (g.length === 1) return g[0]!;
    const nodes = g.map((c) => c.node!);
    const first = g[0]!;
    return {
      ...first,
      nodes,
      summary: msg(
        `${first.summary.en} (the same on ${nodes.join(', ')})`,
        `${first.summary.ja} (${nodes.join(', ')} で同じ)`,
      ),
      evidence: g.flatMap((c) => c.evidence),
      involves: [...new Set(g.flatMap((c) => [...(c.involves ?? []), c.node!]))],
      text: g.map((c) => c.text ?? '').join('\n'),
    };
  });
}

/** A failed probe that proved nothing on its own: the root cause its path crosses. */
export interface Explained {
  readonly candidate: Candidate;
  readonly by: Candidate;
}

/** Dedupes, drops symptoms explained by a deeper cause, merges shared settings, and sorts (section, fault, object). */
export function rootCauses(cands: readonly Candidate[], hints: RootCauseHints = {}): Cause[] {
  return reduceCauses(cands, hints).causes;
}

/** The root causes, and the failed probes each of them explains (they become `unknown` steps). */
export function reduceCauses(
  cands: readonly Candidate[],
  hints: RootCauseHints = {},
): { causes: Cause[]; explained: Explained[]; undecided: Undecided[] } {
  const merged = dedupe(cands);
  // Explanations are judged against the merged set; a chain (A explains B explains C) still keeps only A.
  const explained: Explained[] = [];
  const roots = merged.filter((c) => {
    const by = explainedBy(c, merged, hints);
    if (by && c.active) explained.push({ candidate: c, by: rootOf(by, merged, hints) });
    return !by;
  });
  // A symptom is concluded only because nothing deeper was found on its path: where the path's
  // layers could not be read, nothing deeper could be found either — it stays undecided.
  const undecided: Undecided[] = [];
  const decided = roots.filter((c) => {
    if (!SYMPTOMS.has(c.fault) && !(c.active && SDN_PROBES.has(c.fault))) return true;
    const node = [...(c.involves ?? []), ...(c.node ? [c.node] : [])].find((n) => hints.unreadPath?.[n]);
    if (node === undefined) return true;
    undecided.push({ candidate: c, node, reason: hints.unreadPath![node]! });
    return false;
  });
  return { causes: sortCauses(mergeShared(decided)), explained, undecided };
}

/** A symptom whose path could not be read on `node`: not a root cause, not healthy either. */
export interface Undecided {
  readonly candidate: Candidate;
  readonly node: string;
  readonly reason: Msg;
}

/** Follows a chain of explanations to its root (bounded: the set is finite and a cycle stops). */
function rootOf(c: Candidate, all: readonly Candidate[], hints: RootCauseHints): Candidate {
  let cur = c;
  for (let i = 0; i < all.length; i++) {
    const next = explainedBy(cur, all, hints);
    if (!next || next === c) break;
    cur = next;
  }
  return cur;
}

function sortCauses(kept: readonly Candidate[]): Cause[] {
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
