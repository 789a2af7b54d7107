/**
 * The lab's side of the lab API's writes (NetworkPolicies, namespace labels): the lab's state is the
 * cluster's etcd. A write is kept in `state.json` (spec.networkPolicies, spec.namespaces[].labels),
 * so that it survives every later `lab fault on|off` and every reader (collect, `--lab`) sees it;
 * the two API lists are rewritten from the state; then the lab's SDN does what openshift-sdn's node
 * does on the NetworkPolicy / Namespace watch event (openshift/sdn pkg/network/node/
 * networkpolicy.go handleAddOrUpdateNetworkPolicy, handleAddOrUpdateNamespace →
 * refreshNamespaceNetworkPolicies → syncNamespace → generateNamespaceFlows): per namespace VNID,
 * `DeleteFlows("table=80, reg1=V")` and the namespace's flows added again, in one OpenFlow bundle.
 *
 * The flows come from the one generator `lab up` and `lab fault` use (apply.ts nodeFlows, which
 * takes lab/policies.ts nodePolicyFlows), so the active `lab fault` state is re-applied on top: under
 * policy-flow-missing the node still lacks its allow flow after a write, under policy-flow-stale it
 * still keeps the deleted policy's flow. (openshift-sdn itself would rewrite the namespace's flows on
 * a write to its policies; the lab keeps the fault until `lab fault off`, so that a fault never
 * vanishes behind the user's back — docs/lab.md.)
 */
import { writeStoredList, type ApiObject, nameOf, namespaceOf } from './api/data-files.js';
import type { ObjectStore } from './api/object-store.js';
import type { WriteChange, WritePlan } from './api/object-writes.js';
import { rec } from './api/printers/access.js';
import { statusBody } from './api/status.js';
import { labApiObjects } from './api-objects.js';
import { nodeFlows } from './apply.js';
import { inNetns, run } from './exec.js';
import type { LabNamespaceSpec, LabNetworkPolicySpec, LabSpec, LabState } from './model.js';
import { labRelease, podsOnNode } from './model.js';
import { labNames } from './names.js';
import { ovsEnv } from './ovs.js';
import { loadState, saveState, withLabLock } from './state.js';

/** The store of the lab `name`'s API servers (`--exec lab:NAME`). */
export function createLabStore(name: string, log: (line: string) => void = () => {}): ObjectStore {
  return {
    write: (info, plan) =>
      withLabLock(name, async (): Promise<WritePlan> => {
        const state = await loadState(name);
        if (!state)
          return { code: 500, body: statusBody(500, `Internal error occurred: no lab ${name}`, {}) };
        if (info.plural !== 'networkpolicies' && info.plural !== 'namespaces')
          return { code: 405, body: statusBody(405, 'the server does not allow this method', {}) };
        const items = labApiObjects(state)[info.plural].items as ApiObject[];
        const version = String(state.resourceVersion + 1);
        const result = plan(items, version);
        if (!result.change) return result;
        const next: LabState = {
          ...state,
          spec: withWrite(state.spec, info.plural, items, result.change),
          resourceVersion: state.resourceVersion + 1,
        };
        await saveState(next);
        const lists = labApiObjects(next);
        const dir = labNames(name).apiDir;
        writeStoredList(dir, 'networkpolicies', lists.networkpolicies.items, version);
        writeStoredList(dir, 'namespaces', lists.namespaces.items, version);
        if (next.spec.plugin === 'networkpolicy') {
          for (const line of await reprogramPolicyFlows(next)) log(line);
        }
        return result;
      }),
  };
}

/**
 * The spec after a write. Every object of the written list keeps the resourceVersion it was served
 * with (as etcd keeps an object's revision until it changes), so that watchers see only the object
 * written change.
 */
export function withWrite(
  spec: LabSpec,
  plural: 'networkpolicies' | 'namespaces',
  items: readonly ApiObject[],
  change: WriteChange,
): LabSpec {
  const served = new Map(items.map((o) => [`${namespaceOf(o)}/${nameOf(o)}`, rec(o.metadata)]));
  const key = (namespace: string, name: string) => `${namespace}/${name}`;
  if (plural === 'namespaces') {
    const put = 'put' in change ? change.put : undefined;
    const namespaces = spec.namespaces.map((ns): LabNamespaceSpec => {
      const meta = put && nameOf(put) === ns.name ? rec(put.metadata) : served.get(key('', ns.name));
      if (!meta) return ns;
      return {
        ...ns,
        labels: stringMap(meta.labels),
        annotations: stringMap(meta.annotations),
        ...(typeof meta.resourceVersion === 'string' ? { resourceVersion: meta.resourceVersion } : {}),
      };
    });
    return { ...spec, namespaces };
  }
  const target = 'put' in change ? change.put : change.remove;
  const targetKey = key(namespaceOf(target), nameOf(target));
  const kept = (spec.networkPolicies ?? [])
    .filter((p) => key(p.namespace, p.name) !== targetKey)
    .map((p): LabNetworkPolicySpec => {
      const rv = served.get(key(p.namespace, p.name))?.resourceVersion;
      return typeof rv === 'string' ? { ...p, meta: { ...p.meta, resourceVersion: rv } } : p;
    });
  if (!('put' in change)) return { ...spec, networkPolicies: kept };
  const meta = rec(change.put.metadata);
  const { name: _n, namespace: _ns, uid, ...extra } = meta;
  const written: LabNetworkPolicySpec = {
    namespace: namespaceOf(change.put),
    name: nameOf(change.put),
    uid: typeof uid === 'string' ? uid : '',
    spec: rec(change.put.spec),
    meta: extra,
  };
  return { ...spec, networkPolicies: [...kept, written] };
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rec(value)).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/**
 * Replaces every running node's per-namespace table 80 flows with the ones the objects imply
 * (generateNamespaceFlows: delete `table=80, reg1=V`, add the namespace's flows, one transaction).
 * A node whose SDN failed to set up (fault sdn-setup-error) has no SDN to react. Returns log lines.
 */
export async function reprogramPolicyFlows(state: LabState): Promise<string[]> {
  const out: string[] = [];
  await Promise.all(
    state.spec.nodes.map(async (node) => {
      if (state.faults.some((f) => f.id === 'sdn-setup-error' && f.node === node.index)) return;
      const input = policyBundle(state, node.index);
      const r = await run(
        inNetns(node.netns, ['ovs-ofctl', '-O', 'OpenFlow13', '--bundle', 'add-flows', 'br0', '-']),
        { input, env: ovsEnv(node) },
      );
      out.push(
        r.code === 0
          ? `${node.name}: table 80 reprogrammed (${input.split('\n').filter((l) => l.startsWith('add ')).length} policy flows)`
          : `${node.name}: table 80 not reprogrammed: ${(r.stderr || r.error || '').trim()}`,
      );
    }),
  );
  return out.sort();
}

/**
 * The bundle of node `i`: per VNID of a local namespace, delete its policy flows and add them again
 * (table 80 `reg1=V`; on rule version 13 also table 27 `reg0=V`, generateNamespaceFlows@release-4.12).
 */
export function policyBundle(state: LabState, i: number): string {
  const tables = labRelease(state.spec) === '4.x' ? POLICY_TABLES_13 : POLICY_TABLES_7;
  const flows = nodeFlows(state, i).filter((l) => tables.some((t) => t.flow.test(l)));
  const vnids = new Set<number>();
  for (const l of flows) {
    const vnid = tables.map((t) => t.flow.exec(l)?.[1]).find((v) => v !== undefined);
    if (vnid !== undefined) vnids.add(Number(vnid));
  }
  for (const p of podsOnNode(state.spec, i)) {
    const netid = state.spec.namespaces.find((n) => n.name === p.namespace)?.netid;
    if (netid !== undefined) vnids.add(netid);
  }
  const deletes = [...vnids]
    .sort((a, b) => a - b)
    .flatMap((v) => tables.map((t) => `delete table=${t.table}, ${t.reg}=${v}`));
  return `${[...deletes, ...flows.map((f) => `add ${f}`)].join('\n')}\n`;
}

/** The per-namespace policy flows of a table: keyed by the VNID register the plugin deletes them by. */
interface PolicyTable {
  readonly table: number;
  readonly reg: 'reg0' | 'reg1';
  /** A flow of the table that carries a VNID in `reg` (group 1: the VNID). */
  readonly flow: RegExp;
}
const INGRESS_TABLE: PolicyTable = { table: 80, reg: 'reg1', flow: /^table=80, .*\breg1=(\d+),/ };
const POLICY_TABLES_7: readonly PolicyTable[] = [INGRESS_TABLE];
const POLICY_TABLES_13: readonly PolicyTable[] = [
  INGRESS_TABLE,
  { table: 27, reg: 'reg0', flow: /^table=27, .*\breg0=(\d+),/ },
];
