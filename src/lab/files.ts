/** Atomic file writes (temp + rename), so readers (the lab API server) never see half a file. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let seq = 0;

export async function writeFileAtomic(path: string, data: string, mode?: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${seq++}`;
  await writeFile(tmp, data, mode === undefined ? undefined : { mode });
  await rename(tmp, path);
}
