/** `kubectl get networkpolicy`: NAME, POD-SELECTOR (the policy's podSelector as label text), AGE. */
import { formatLabels, rec, str } from './access.js';
import { ageOf } from './duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type ResourcePrinter } from './types.js';

export const networkPolicyPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Pod-Selector', 'The pods the policy applies to (label selector; <none> = every pod).'),
    AGE_COLUMN,
  ],
  cells(np, now) {
    const meta = rec(np.metadata);
    const selector = formatLabels(rec(rec(np.spec).podSelector).matchLabels);
    return [str(meta.name), selector, ageOf(meta.creationTimestamp, now)];
  },
};
