/**
 * The pod table, as Kubernetes' `printPod` fills it: READY and STATUS from the container
 * statuses, IP / NODE for `-o wide`. 39.4 and 39.5 read pod IPs and nodes from this table.
 */
import type { ApiObject } from '../data-files.js';
import { num, rec, recs, str } from './access.js';
import { ageOf } from './duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type ResourcePrinter } from './types.js';

export const podPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted.', {
      type: 'integer',
    }),
    AGE_COLUMN,
    col('IP', 'IP address allocated to the pod. Routable at least within the cluster.', { priority: 1 }),
    col('Node', 'NodeName is a request to schedule this pod onto a specific node.', { priority: 1 }),
    col('Nominated Node', 'nominatedNodeName is set when this pod preempts other pods on the node.', {
      priority: 1,
    }),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', {
      priority: 1,
    }),
  ],
  cells(pod, now) {
    const meta = rec(pod.metadata);
    const spec = rec(pod.spec);
    const status = rec(pod.status);
    const { ready, reason, restarts } = containerSummary(pod);
    const podIP = str(recs(status.podIPs)[0]?.ip) || str(status.podIP);
    return [
      str(meta.name),
      `${ready}/${recs(spec.containers).length}`,
      reason,
      restarts,
      ageOf(meta.creationTimestamp, now),
      podIP || '<none>',
      str(spec.nodeName) || '<none>',
      str(status.nominatedNodeName) || '<none>',
      readinessGates(spec, status),
    ];
  },
};

/** READY count, STATUS text and RESTARTS, following printPod's order of precedence. */
function containerSummary(pod: ApiObject): { ready: number; reason: string; restarts: number } {
  const meta = rec(pod.metadata);
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  let reason = str(status.reason) || str(status.phase);
  let restarts = 0;
  let ready = 0;
  let initializing = false;
  const inits = recs(status.initContainerStatuses);
  for (const [i, c] of inits.entries()) {
    restarts += num(c.restartCount);
    const state = rec(c.state);
    const terminated = state.terminated === undefined ? undefined : rec(state.terminated);
    const waiting = state.waiting === undefined ? undefined : rec(state.waiting);
    if (terminated && num(terminated.exitCode) === 0) continue;
    initializing = true;
    if (terminated) reason = `Init:${str(terminated.reason) || exitText(terminated)}`;
    else if (waiting && str(waiting.reason) && str(waiting.reason) !== 'PodInitializing')
      reason = `Init:${str(waiting.reason)}`;
    else reason = `Init:${i}/${recs(spec.initContainers).length}`;
    break;
  }
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const containers = recs(status.containerStatuses);
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i] ?? {};
      restarts += num(c.restartCount);
      const state = rec(c.state);
      const waiting = state.waiting === undefined ? undefined : rec(state.waiting);
      const terminated = state.terminated === undefined ? undefined : rec(state.terminated);
      if (waiting && str(waiting.reason)) reason = str(waiting.reason);
      else if (terminated) reason = str(terminated.reason) || exitText(terminated);
      else if (c.ready === true && state.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasReadyCondition(status) ? 'Running' : 'NotReady';
  }
  if (meta.deletionTimestamp !== undefined)
    reason = str(status.reason) === 'NodeLost' ? 'Unknown' : 'Terminating';
  return { ready, reason, restarts };
}

function exitText(terminated: Record<string, unknown>): string {
  const signal = num(terminated.signal);
  return signal !== 0 ? `Signal:${signal}` : `ExitCode:${num(terminated.exitCode)}`;
}

function hasReadyCondition(status: Record<string, unknown>): boolean {
  return recs(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
}

function readinessGates(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const gates = recs(spec.readinessGates);
  if (gates.length === 0) return '<none>';
  const conditions = recs(status.conditions);
  const trueCount = gates.filter((g) =>
    conditions.some((c) => c.type === g.conditionType && c.status === 'True'),
  ).length;
  return `${trueCount}/${gates.length}`;
}
