/** Load and save a lab's state (`<runDir>/state.json`). */
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';
import type { LabState } from './model.js';
import { labNames } from './names.js';

export async function loadState(name: string): Promise<LabState | undefined> {
  try {
    return JSON.parse(await readFile(labNames(name).stateFile, 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

export async function saveState(state: LabState): Promise<void> {
  await writeFileAtomic(labNames(state.spec.name).stateFile, `${JSON.stringify(state, null, 1)}\n`);
}

/**
 * Runs `fn` holding the lab's lock (an atomic mkdir in the run folder), so two `lab fault`
 * commands never interleave their read-modify-write of the state. A lock older than
 * `staleMs` belongs to a crashed command and is broken.
 */
export async function withLabLock<T>(name: string, fn: () => Promise<T>, staleMs = 120_000): Promise<T> {
  const lock = join(labNames(name).runDir, '.lock');
  const deadline = Date.now() + staleMs + 5000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then(
        (st) => Date.now() - st.mtimeMs,
        () => 0,
      );
      if (age > staleMs || Date.now() > deadline) await rm(lock, { recursive: true, force: true });
      else await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
