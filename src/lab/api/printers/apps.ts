/** `kubectl get daemonsets`: the columns of Kubernetes' DaemonSet printer. */
import { formatLabels, num, rec, recs, str } from './access.js';
import { ageOf } from './duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type ResourcePrinter } from './types.js';

export const daemonSetPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'The desired number of daemon pods.', { type: 'integer' }),
    col('Current', 'The number of daemon pods running.', { type: 'integer' }),
    col('Ready', 'The number of daemon pods ready.', { type: 'integer' }),
    col('Up-to-date', 'The number of daemon pods updated.', { type: 'integer' }),
    col('Available', 'The number of daemon pods available.', { type: 'integer' }),
    col('Node Selector', 'The node selector of the daemon set.'),
    AGE_COLUMN,
    col('Containers', 'Names of each container in the template.', { priority: 1 }),
    col('Images', 'Images referenced by each container in the template.', { priority: 1 }),
    col('Selector', 'Label selector of the daemon set.', { priority: 1 }),
  ],
  cells(ds, now) {
    const status = rec(ds.status);
    const spec = rec(ds.spec);
    const containers = recs(rec(rec(spec.template).spec).containers);
    const nodeSelector = rec(rec(rec(spec.template).spec).nodeSelector);
    return [
      str(rec(ds.metadata).name),
      num(status.desiredNumberScheduled),
      num(status.currentNumberScheduled),
      num(status.numberReady),
      num(status.updatedNumberScheduled),
      num(status.numberAvailable),
      Object.keys(nodeSelector).length === 0 ? '<none>' : formatLabels(nodeSelector),
      ageOf(rec(ds.metadata).creationTimestamp, now),
      containers.map((c) => str(c.name)).join(','),
      containers.map((c) => str(c.image)).join(','),
      formatLabels(rec(rec(spec.selector).matchLabels)),
    ];
  },
};

/** `kubectl get deployments` (apps/v1): Kubernetes' Deployment printer columns. */
export const deploymentPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'Number of the pod with ready state'),
    col(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      { type: 'integer' },
    ),
    col(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      { type: 'integer' },
    ),
    AGE_COLUMN,
  ],
  cells(d, now) {
    const status = rec(d.status);
    return [
      str(rec(d.metadata).name),
      `${num(status.readyReplicas)}/${num(rec(d.spec).replicas)}`,
      num(status.updatedReplicas),
      num(status.availableReplicas),
      ageOf(rec(d.metadata).creationTimestamp, now),
    ];
  },
};

/** `oc get dc` (apps.openshift.io/v1): REVISION, DESIRED, CURRENT, TRIGGERED BY. */
export const deploymentConfigPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Revision', 'The latest revision.', { type: 'integer' }),
    col('Desired', 'The desired number of replicas.', { type: 'integer' }),
    col('Current', 'The number of replicas.', { type: 'integer' }),
    col('Triggered By', 'What triggers a new deployment.'),
  ],
  cells(dc) {
    const status = rec(dc.status);
    const triggers = recs(rec(dc.spec).triggers).map((t) => str(t.type));
    return [
      str(rec(dc.metadata).name),
      num(status.latestVersion),
      num(rec(dc.spec).replicas),
      num(status.replicas),
      triggers.length ? triggers.join(',') : '<none>',
    ];
  },
};
