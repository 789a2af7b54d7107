/**
 * Tables of the 4.x cluster-scoped custom resources, as `oc get` shows them: the Network operator's
 * object has no additionalPrinterColumns (NAME, AGE: the apiserver's default for a CRD), the
 * ClusterVersion has the cluster-version-operator's (install/0000_00_cluster-version-operator_
 * 01_clusterversion.crd.yaml: VERSION = the completed history entry, AVAILABLE, PROGRESSING,
 * SINCE = the Progressing condition's time, STATUS = its message).
 */
import { rec, recs, str } from './access.js';
import { ageOf } from './duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type ResourcePrinter } from './types.js';

export const operatorNetworkPrinter: ResourcePrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells(obj, now) {
    const meta = rec(obj.metadata);
    return [str(meta.name), ageOf(meta.creationTimestamp, now)];
  },
};

export const clusterVersionPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Version', '.status.history[?(@.state=="Completed")].version'),
    col('Available', '.status.conditions[?(@.type=="Available")].status'),
    col('Progressing', '.status.conditions[?(@.type=="Progressing")].status'),
    col('Since', '.status.conditions[?(@.type=="Progressing")].lastTransitionTime', { format: 'date' }),
    col('Status', '.status.conditions[?(@.type=="Progressing")].message'),
  ],
  cells(cv, now) {
    const status = rec(cv.status);
    const condition = (type: string) => recs(status.conditions).find((c) => c.type === type) ?? {};
    const progressing = condition('Progressing');
    const completed = recs(status.history).find((h) => h.state === 'Completed');
    return [
      str(rec(cv.metadata).name),
      str(completed?.version),
      str(condition('Available').status),
      str(progressing.status),
      progressing.lastTransitionTime === undefined ? '' : ageOf(progressing.lastTransitionTime, now),
      str(progressing.message),
    ];
  },
};
