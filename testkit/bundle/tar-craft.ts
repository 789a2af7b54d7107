/**
 * Builds raw ustar archives byte by byte, so tests can craft exactly the hostile entries a real
 * attacker would (`../`, absolute paths, links out) — the tar library itself refuses to write them.
 */
import { gzipSync } from 'node:zlib';

export interface CraftEntry {
  readonly path: string;
  /** '0' file, '1' hard link, '2' symlink, '5' directory, '3' char device. */
  readonly type?: '0' | '1' | '2' | '3' | '5';
  readonly linkpath?: string;
  readonly data?: string;
}

function header(e: CraftEntry, size: number): Buffer {
  const h = Buffer.alloc(512, 0);
  const put = (off: number, len: number, s: string): void => void h.write(s.slice(0, len), off, len, 'utf8');
  const octal = (off: number, len: number, n: number): void =>
    put(off, len, n.toString(8).padStart(len - 1, '0') + '\0');
  put(0, 100, e.path);
  octal(100, 8, e.type === '5' ? 0o755 : 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, 1_700_000_000);
  h.fill(' ', 148, 156);
  put(156, 1, e.type ?? '0');
  if (e.linkpath) put(157, 100, e.linkpath);
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  put(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

export function craftTar(entries: readonly CraftEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.type === undefined || e.type === '0' ? (e.data ?? '') : '');
    blocks.push(header(e, data.length));
    if (data.length) {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512, 0));
    }
  }
  blocks.push(Buffer.alloc(1024, 0));
  return Buffer.concat(blocks);
}

export function craftTarGz(entries: readonly CraftEntry[]): Buffer {
  return gzipSync(craftTar(entries));
}
