/**
 * Namespaces (labels) and `networking.k8s.io/v1` NetworkPolicies → model. Fields are kept as written
 * (named ports, ipBlock, endPort, egress rules) so that the policy-unsupported check can say which of
 * them openshift-sdn does not enforce; the API server's defaults (protocol TCP, policyTypes) are applied.
 */
import type {
  LabelSelector,
  Namespace,
  NetworkPolicy,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
} from '../types.js';
import { arr, at, intOrString, num, obj, str, strMap } from './api-object.js';
import type { Normalized } from './normalize-result.js';
import { invalid, missing } from './normalize-result.js';

export function toNamespace(item: unknown): Normalized<Namespace> {
  const name = str(at(item, 'metadata', 'name'));
  if (!name) return missing('metadata.name');
  return { value: { name, labels: strMap(at(item, 'metadata', 'labels')) } };
}

export function toNetworkPolicy(item: unknown): Normalized<NetworkPolicy> {
  const name = str(at(item, 'metadata', 'name'));
  const namespace = str(at(item, 'metadata', 'namespace'));
  if (!name) return missing('metadata.name');
  if (!namespace) return missing('metadata.namespace', name);
  const key = `${namespace}/${name}`;
  const spec = at(item, 'spec');
  const podSelector = toSelector(at(spec, 'podSelector')) ?? EMPTY_SELECTOR;
  const ingress = arr(at(spec, 'ingress')).map((r) => toRule(r, 'from'));
  const egress = arr(at(spec, 'egress')).map((r) => toRule(r, 'to'));
  const bad = [...ingress, ...egress].find((r) => 'invalid' in r);
  if (bad && 'invalid' in bad) return invalid(bad.invalid, bad.found, key);
  const written = arr(at(spec, 'policyTypes')).filter((t): t is string => typeof t === 'string');
  // The API server's defaulting (networking/v1 SetDefaults_NetworkPolicySpec): Ingress always,
  // Egress when the policy has egress rules.
  const policyTypes = written.length > 0 ? written : egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    value: {
      namespace,
      name,
      podSelector,
      policyTypes,
      ingress: ingress as PolicyRule[],
      egress: egress as PolicyRule[],
    },
  };
}

const EMPTY_SELECTOR: LabelSelector = { matchLabels: {}, matchExpressions: [] };

function toSelector(v: unknown): LabelSelector | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const matchExpressions = arr(o.matchExpressions).flatMap((e) => {
    const key = str(at(e, 'key'));
    const operator = str(at(e, 'operator'));
    if (!key || !operator) return [];
    const values = arr(at(e, 'values')).filter((x): x is string => typeof x === 'string');
    return [{ key, operator, values }];
  });
  return { matchLabels: strMap(o.matchLabels), matchExpressions };
}

function toRule(v: unknown, peersKey: 'from' | 'to'): PolicyRule | { invalid: string; found: unknown } {
  const ports: PolicyPort[] = [];
  for (const p of arr(at(v, 'ports'))) {
    const port = intOrString(at(p, 'port'));
    const rawEnd = at(p, 'endPort');
    const endPort = num(rawEnd);
    if (rawEnd !== undefined && endPort === undefined) return { invalid: 'ports[].endPort', found: rawEnd };
    ports.push({
      protocol: str(at(p, 'protocol')) ?? 'TCP',
      ...(port !== undefined ? { port } : {}),
      ...(endPort !== undefined ? { endPort } : {}),
    });
  }
  const peers: PolicyPeer[] = arr(at(v, peersKey)).map((p) => {
    const podSelector = toSelector(at(p, 'podSelector'));
    const namespaceSelector = toSelector(at(p, 'namespaceSelector'));
    const cidr = str(at(p, 'ipBlock', 'cidr'));
    const except = arr(at(p, 'ipBlock', 'except')).filter((x): x is string => typeof x === 'string');
    return {
      ...(podSelector ? { podSelector } : {}),
      ...(namespaceSelector ? { namespaceSelector } : {}),
      ...(cidr ? { ipBlock: { cidr, except } } : {}),
    };
  });
  return { ports, peers };
}
