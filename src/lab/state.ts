/** Load and save a lab's state (`<runDir>/state.json`). */
import { readFile } from 'node:fs/promises';
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
