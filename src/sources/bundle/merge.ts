/**
 * Several inputs about one cluster → one snapshot: what a support engineer receives is an API
 * dump (a must-gather, `oc adm inspect`, debug.sh's `master/`, a bundle of ours) and node facts
 * from other inputs (sosreports, per-node captures). API lists come from the first input that has
 * them; node artifacts are matched to the API's nodes by name, short host name or address. Two
 * inputs giving the same fact of one node (two flow dumps of node-1) are an input warning naming
 * both; the first input's is used. Artifact ids get their input's label, so evidence names the file
 * inside the input the person received.
 */
import type { ApiResource, Artifact, InputWarning, Snapshot } from '../../artifacts/types.js';
import { API_RESOURCES, apiListSource } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';

export interface LabelledSnapshot {
  /** How the input is named in ids and warnings (its file name). */
  readonly label: string;
  readonly snapshot: Snapshot;
}

interface ApiNode {
  readonly name: string;
  readonly addresses: readonly string[];
}

export function mergeSnapshots(inputs: readonly LabelledSnapshot[]): Snapshot {
  const first = inputs[0];
  if (!first) throw new Error('mergeSnapshots needs at least one input');
  if (inputs.length === 1) return first.snapshot;
  const warnings: InputWarning[] = [];

  const api: Partial<Record<ApiResource, Snapshot['api'][ApiResource]>> = {};
  const apiFrom = new Map<ApiResource, string>();
  for (const resource of API_RESOURCES) {
    for (const { label, snapshot } of inputs) {
      const list = snapshot.api[resource];
      if (!list) continue;
      const taken = api[resource];
      if (!taken || (!taken.ok && list.ok)) {
        // cited with its input's name, like the artifacts (`must-gather.local.1/…/hostsubnets/*.yaml`)
        api[resource] = list.ok ? { ...list, source: `${label}/${apiListSource(resource, list)}` } : list;
        apiFrom.set(resource, label);
      } else if (list.ok && taken.ok) {
        const other = apiFrom.get(resource) ?? '?';
        warnings.push({
          source: `${label}/${resource}`,
          message: msg(
            `${resource} are given by both ${other} and ${label}; those of ${other} are used`,
            `${resource} が ${other} と ${label} の両方にあります。${other} のものを使います`,
          ),
        });
      }
    }
  }

  const nodes = apiNodes(api.nodes);
  // each input's own warnings first, named by its input and, like its artifacts, by the API's node name
  warnings.unshift(
    ...inputs.flatMap((i) => {
      const rename = nodeNames(i.snapshot.artifacts, nodes);
      return i.snapshot.warnings.map((w) => ({
        ...w,
        source: `${i.label}/${w.source}`,
        ...(w.node !== undefined ? { node: rename.get(w.node) ?? w.node } : {}),
      }));
    }),
  );
  const artifacts: Artifact[] = [];
  const factFrom = new Map<string, string>();
  for (const { label, snapshot } of inputs) {
    const rename = nodeNames(snapshot.artifacts, nodes);
    for (const a of snapshot.artifacts) {
      const node = a.node !== undefined ? (rename.get(a.node) ?? a.node) : undefined;
      const id = `${label}/${a.id}`;
      if (node !== undefined && a.where === undefined && a.kind !== 'other') {
        const key = `${node}\u0000${a.kind}`;
        const earlier = factFrom.get(key);
        if (earlier !== undefined && !earlier.startsWith(`${label}/`)) {
          warnings.push({
            source: id,
            node,
            message: msg(
              `two inputs give ${a.kind} of node ${node}: ${earlier} and ${id}; the first is used`,
              `ノード ${node} の ${a.kind} が二つの入力にあります: ${earlier} と ${id}。最初のものを使います`,
            ),
          });
          continue;
        }
        factFrom.set(key, id);
      }
      artifacts.push({ ...a, id, ...(node !== undefined ? { node } : {}) });
    }
  }
  return {
    collectedAt: first.snapshot.collectedAt,
    collector: inputs.map((i) => i.snapshot.collector).join('+'),
    api,
    artifacts: artifacts.sort((a, b) => a.id.localeCompare(b.id)),
    warnings,
  };
}

function apiNodes(list: Snapshot['api']['nodes']): ApiNode[] {
  if (!list?.ok) return [];
  return list.items.flatMap((item) => {
    const n = item as { metadata?: { name?: unknown }; status?: { addresses?: { address?: unknown }[] } };
    if (typeof n.metadata?.name !== 'string') return [];
    const addresses = (n.status?.addresses ?? []).flatMap((a) =>
      typeof a.address === 'string' ? [a.address] : [],
    );
    return [{ name: n.metadata.name, addresses }];
  });
}

/**
 * An input's node name → the API's node name: the same name, the same short host name
 * (`node-1` vs `node-1.example.com`, what a sosreport's hostname file holds), or an address the
 * node's `ip addr` shows that the API lists for one node.
 */
function nodeNames(artifacts: readonly Artifact[], nodes: readonly ApiNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const short = (s: string) => s.split('.')[0] ?? s;
  for (const name of new Set(artifacts.flatMap((a) => (a.node ? [a.node] : [])))) {
    const exact = nodes.find((n) => n.name === name);
    if (exact) continue;
    const byName = nodes.filter((n) => short(n.name) === short(name));
    if (byName.length === 1 && byName[0]) {
      out.set(name, byName[0].name);
      continue;
    }
    const addrs = new Set(
      artifacts
        .filter((a) => a.node === name && a.where === undefined && a.kind === 'ip-addr')
        .flatMap((a) => [...a.text.matchAll(/\binet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1] as string)),
    );
    const byAddr = nodes.filter((n) => n.addresses.some((x) => addrs.has(x)));
    if (byAddr.length === 1 && byAddr[0]) out.set(name, byAddr[0].name);
  }
  return out;
}
