/** Which pods a label selector picks: a Service's selector (39.5), the routers (39.4). */
import type { LabelSelector, Pod } from './types.js';

/** Kubernetes equality-based selector match (a Service's `spec.selector`): every key/value present. */
export function selectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * 39.4: router pods are what `oc get pods --selector=router` lists (3.x label `router=<name>`);
 * 4.x ingress controllers label theirs `ingresscontroller.operator.openshift.io/deployment-ingresscontroller`.
 */
export function isRouterPod(p: Pick<Pod, 'labels'>): boolean {
  return (
    'router' in p.labels || 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller' in p.labels
  );
}

/** `a=b,c=d`, how `oc get` prints selectors and labels. */
export function labelsText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/**
 * A Kubernetes LabelSelector (`metav1.LabelSelectorAsSelector`): every matchLabels pair and every
 * matchExpression must hold; an empty selector selects everything. An unknown operator selects
 * nothing (the API server rejects it, so openshift-sdn never sees one).
 */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selectorMatches(selector.matchLabels, labels)) return false;
  return selector.matchExpressions.every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        return has && value !== undefined && e.values.includes(value);
      case 'NotIn':
        return !has || value === undefined || !e.values.includes(value);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** `{}`: a selector with neither matchLabels nor matchExpressions (openshift-sdn's "select all"). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}
