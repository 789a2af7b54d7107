/**
 * Offline inputs only (bundles and the layouts of other tools): what `analyze` needs, without the
 * live and lab sources of choose.ts (the Kubernetes client loads only for commands that talk to a
 * cluster).
 */
import { basename } from 'node:path';
import type { Snapshot } from '../artifacts/types.js';
// the readers, not bundle/index.js: its writer pulls in collect and the live API client
import { BundleError } from './bundle/errors.js';
import { mergeSnapshots } from './bundle/merge.js';
import { readBundle } from './bundle/read.js';
import { SourceError } from './source-error.js';

/**
 * Reads every input (bundle, debug.sh, NetworkCheck folder, must-gather, sosreport …) and merges
 * them into one snapshot (API objects from one, node facts from the others). A read failure is a
 * SourceError naming the input.
 */
export async function readInputs(paths: readonly string[]): Promise<Snapshot> {
  const inputs = [];
  const seen = new Map<string, number>();
  for (const path of paths) {
    let snapshot;
    try {
      snapshot = await readBundle(path);
    } catch (err) {
      if (err instanceof BundleError) throw new SourceError(err.en, err.ja);
      const text = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new SourceError(
        `cannot read bundle ${path}: ${text}`,
        `バンドル ${path} を読み取れません: ${text}`,
      );
    }
    const base = basename(path.replace(/\/+$/, '')) || path;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    inputs.push({ label: n === 1 ? base : `${base}#${n}`, snapshot });
  }
  return mergeSnapshots(inputs);
}
