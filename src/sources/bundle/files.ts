/**
 * A bundle's files, whether it is a directory or a `.tar.gz`: a sorted list of bundle-relative
 * paths and a reader. Every path is checked on the way in (../, absolute, links that leave the
 * bundle are refused), so the readers above never see an unsafe path.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { msg } from '../../i18n/message.js';
import { BundleError, oneLine, traversalError } from './errors.js';
import { normalizeRel, resolveLinkTarget, unsafePathReason } from './paths.js';

export type FileRead =
  | { readonly ok: true; readonly data: Buffer }
  | { readonly ok: false; readonly error: string };

export interface BundleFiles {
  /** What to call the bundle in messages (its base name). */
  readonly label: string;
  /** Regular files, bundle-relative POSIX paths, sorted. */
  readonly paths: readonly string[];
  has(path: string): boolean;
  read(path: string): Promise<FileRead>;
}

/**
 * Caps (README "Security"): bundles are megabytes. A file over the per-file cap is not read (it is
 * reported, the rest of the bundle is analyzed); an archive that expands beyond the expanded cap
 * or holds more entries than the entry cap is refused, so a compression bomb, an endless archive
 * or a link amplifier costs bounded memory and time.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_EXPANDED_BYTES = 256 * 1024 * 1024;
export const MAX_ENTRIES = 50_000;
/**
 * Folder levels read in a directory bundle. The deepest layout read here (must-gather:
 * `<image>/namespaces/<ns>/pods/<pod>/<container>/<container>/logs/current.log`, sosreport's
 * `sys/` and `proc/` copies) stays well under it.
 */
export const MAX_DIRECTORY_DEPTH = 64;
const MAX_LINK_HOPS = 8;
const MIB = 1024 * 1024;

function tooLarge(size: number): string {
  return `${(size / MIB).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / MIB} MiB cap per file: not read`;
}

function tooManyEntries(label: string): BundleError {
  return new BundleError(
    label,
    msg(
      `refused: more than ${MAX_ENTRIES} files and links (the cap on entries)`,
      `拒否しました: ファイルとリンクが上限の ${MAX_ENTRIES} 個を超えています`,
    ),
  );
}

/** Opens a directory or a .tar.gz/.tgz/.tar.xz archive as {@link BundleFiles}. */
export async function openBundleFiles(path: string): Promise<BundleFiles> {
  const label = basename(path);
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new BundleError(
      label,
      msg(`cannot open bundle: ${e.code ?? e.message}`, `バンドルを開けません: ${e.code ?? e.message}`),
      msg(
        'give a bundle directory or a .tar.gz written by `sdn-doctor collect`',
        '`sdn-doctor collect` が書いたディレクトリか .tar.gz を指定してください',
      ),
    );
  });
  const files = info.isDirectory() ? await openDirectory(path, label) : await openArchive(path, label);
  return stripSingleTopFolder(files);
}

// ---------------------------------------------------------------- directories
async function openDirectory(root: string, label: string): Promise<BundleFiles> {
  const rootReal = await realpath(root);
  const found = new Map<string, string>(); // bundle path → real path on disk
  const visited = new Set<string>();
  const walk = async (dirReal: string, rel: string, depth: number): Promise<void> => {
    if (visited.has(dirReal)) return; // a link loop inside the bundle: read each folder once
    visited.add(dirReal);
    // Deeper than any layout read here, or a name the system cannot even stat (longer than
    // PATH_MAX): not part of the bundle. What the readers need from it is then reported missing
    // by them, one file at a time, and the rest of the bundle is analyzed.
    if (depth > MAX_DIRECTORY_DEPTH) return;
    const entries = (await readdir(dirReal).catch(() => [])).sort();
    for (const name of entries) {
      const relPath = rel ? `${rel}/${name}` : name;
      const onDisk = join(dirReal, name);
      const st = await lstat(onDisk).catch(() => undefined);
      if (!st) continue;
      let real = onDisk;
      if (st.isSymbolicLink()) {
        real = await realpath(onDisk).catch(() => '');
        if (!real) continue; // dangling link: as if absent (the artifact will be reported missing)
        if (!isInside(rootReal, real)) {
          throw traversalError(
            label,
            relPath,
            msg('symbolic link to a path outside the bundle', 'バンドル外へのシンボリックリンク'),
          );
        }
      }
      const target = st.isSymbolicLink() ? await stat(real) : st;
      if (target.isDirectory()) await walk(real, relPath, depth + 1);
      else if (target.isFile()) {
        found.set(relPath, real);
        if (found.size > MAX_ENTRIES) throw tooManyEntries(label);
      }
    }
  };
  await walk(rootReal, '', 0);
  return {
    label,
    paths: [...found.keys()].sort(),
    has: (p) => found.has(p),
    read: async (p) => {
      const real = found.get(p);
      if (!real) return { ok: false, error: 'file not found in bundle' };
      try {
        // a sparse or huge file is reported, not read: the rest of the bundle is still analyzed
        const { size } = await stat(real);
        if (size > MAX_FILE_BYTES) return { ok: false, error: tooLarge(size) };
        return { ok: true, data: await readFile(real) };
      } catch (e) {
        return { ok: false, error: (e as NodeJS.ErrnoException).code ?? String(e) };
      }
    },
  };
}

function isInside(rootReal: string, real: string): boolean {
  const r = relative(rootReal, real);
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r));
}

// ---------------------------------------------------------------- archives
async function openArchive(path: string, label: string): Promise<BundleFiles> {
  // gzip is undone by the tar parser as it streams; xz (sos) is undone first, within the cap
  const kind = await archiveKind(path);
  if (kind === 'text') throw notABundle(label);
  const input = kind === 'xz' ? Readable.from([await unxz(path, label)]) : createReadStream(path);
  const { files, links, oversize } = await parseTar(input, label);
  resolveLinks(files, links, label);
  return memoryFiles(label, files, oversize);
}

function corruptGzip(label: string, why: string): BundleError {
  return new BundleError(
    label,
    msg(`corrupt or truncated gzip data (${why})`, `gzip データが壊れているか途中で切れています（${why}）`),
    msg(
      'copy the archive again; check its size against the original',
      'アーカイブをもう一度コピーし、元のサイズと比べてください',
    ),
  );
}

function bomb(label: string): BundleError {
  return new BundleError(
    label,
    msg(
      `refused: the archive expands to more than ${MAX_EXPANDED_BYTES / MIB} MiB (the cap on expanded size; a compression bomb?)`,
      `拒否しました: 展開後のサイズが上限の ${MAX_EXPANDED_BYTES / MIB} MiB を超えます（圧縮爆弾の可能性）`,
    ),
  );
}

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/**
 * What a file given as a bundle is, from its first block: `.tar.xz` (how sos writes its reports,
 * magic FD 37 7A 58 5A 00), or text — no NUL byte where a tar header always has some, and not
 * gzip (1F 8B): a command output or a note, not an archive to "copy again". Anything else goes
 * to the tar parser, which says what is wrong with it.
 */
async function archiveKind(path: string): Promise<'xz' | 'text' | 'tar'> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const first = head.subarray(0, bytesRead);
    if (first.subarray(0, XZ_MAGIC.length).equals(XZ_MAGIC)) return 'xz';
    const gzip = first[0] === 0x1f && first[1] === 0x8b;
    return bytesRead > 0 && !gzip && !first.includes(0) ? 'text' : 'tar';
  } finally {
    await fh.close();
  }
}

function notABundle(label: string): BundleError {
  return new BundleError(
    label,
    msg(
      'not a bundle: a text file, neither a directory nor a .tar.gz/.tar.xz archive',
      'バンドルではありません: テキストファイルで、ディレクトリでも .tar.gz/.tar.xz アーカイブでもありません',
    ),
    msg(
      'give the directory or archive written by sdn-doctor collect, oc adm must-gather, sosreport or debug.sh (a command output goes inside such a directory)',
      'sdn-doctor collect、oc adm must-gather、sosreport、debug.sh が書いたディレクトリかアーカイブを指定してください（コマンド出力はそのようなディレクトリの中に置きます）',
    ),
  );
}

/**
 * The xz decoder is a native addon: it loads only when an xz archive is met (a directory or
 * .tar.gz bundle never pays for it), and a decoder that cannot load (the single-file build could
 * not unpack it, a platform without a prebuilt binary) is said as such, not as corrupt data.
 */
async function xzDecoder(label: string): Promise<typeof import('@napi-rs/lzma').xz> {
  try {
    return (await import('@napi-rs/lzma')).xz;
  } catch (e) {
    const why = oneLine((e as Error).message);
    throw new BundleError(
      label,
      msg(`the xz decoder could not be loaded (${why})`, `xz の展開機能を読み込めませんでした（${why}）`),
      msg(
        'decompress the archive first (xz -d FILE) and analyze the .tar it leaves',
        '先にアーカイブを展開し（xz -d FILE）、できた .tar を analyze してください',
      ),
    );
  }
}

/**
 * xz has no streaming decoder in the library we use (@napi-rs/lzma), so the archive is decoded
 * whole; the compressed input is capped and the result checked against the expanded cap.
 */
async function unxz(path: string, label: string): Promise<Buffer> {
  const data = await readFile(path);
  if (data.length > MAX_EXPANDED_BYTES) throw bomb(label);
  const xz = await xzDecoder(label);
  let out: Buffer;
  try {
    out = await xz.decompress(data);
  } catch (e) {
    const why = oneLine((e as Error).message);
    throw new BundleError(
      label,
      msg(`corrupt or truncated xz data (${why})`, `xz データが壊れているか途中で切れています（${why}）`),
      msg(
        'copy the archive again; check its size against the original',
        'アーカイブをもう一度コピーし、元のサイズと比べてください',
      ),
    );
  }
  if (out.length > MAX_EXPANDED_BYTES) throw bomb(label);
  return out;
}

interface TarLink {
  readonly target: string;
  readonly hard: boolean;
}

interface ParsedTar {
  readonly files: Map<string, Buffer>;
  readonly links: Map<string, TarLink>;
  /** Files over the per-file cap: their size (never read into memory). */
  readonly oversize: Map<string, number>;
}

/** Streams the archive (gzip detected by the tar parser) with every cap enforced as it goes. */
function parseTar(input: Readable, label: string): Promise<ParsedTar> {
  const files = new Map<string, Buffer>();
  const links = new Map<string, TarLink>();
  const oversize = new Map<string, number>();
  let expanded = 0;
  let entries = 0;
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      input.destroy();
      reject(err);
    };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        try {
          onEntry(entry);
        } catch (e) {
          entry.resume();
          fail(e);
        }
      },
    });
    const onEntry = (entry: ReadEntry): void => {
      if (++entries > MAX_ENTRIES) throw tooManyEntries(label);
      entry.on('data', (c: Buffer) => {
        expanded += c.length;
        if (expanded > MAX_EXPANDED_BYTES) fail(bomb(label));
      });
      const raw = entry.path;
      const reason = unsafePathReason(raw.replace(/^(\.\/)+/, '') || '.');
      if (reason && raw !== './' && raw !== '.') throw traversalError(label, raw, reason);
      const rel = normalizeRel(raw);
      switch (entry.type) {
        case 'Directory':
          entry.resume();
          return;
        case 'File':
        case 'OldFile':
        case 'ContiguousFile': {
          if (entry.size > MAX_FILE_BYTES) {
            oversize.set(rel, entry.size);
            entry.resume();
            return;
          }
          const chunks: Buffer[] = [];
          entry.on('data', (c: Buffer) => chunks.push(c));
          entry.on('end', () => files.set(rel, Buffer.concat(chunks)));
          return;
        }
        case 'SymbolicLink':
        case 'Link': {
          const hard = entry.type === 'Link';
          const target = entry.linkpath ?? '';
          // Hard link targets are archive paths; symlink targets are relative to the link's folder.
          const resolved = resolveLinkTarget(rel, target, hard);
          if (resolved === undefined || resolved === '') {
            throw traversalError(
              label,
              `${raw} -> ${target}`,
              hard
                ? msg('hard link out of the bundle', 'バンドル外へのハードリンク')
                : msg('symbolic link out of the bundle', 'バンドル外へのシンボリックリンク'),
            );
          }
          links.set(rel, { target: resolved, hard });
          entry.resume();
          return;
        }
        default:
          throw new BundleError(
            label,
            msg(
              `refused: entry ${JSON.stringify(raw)} is a ${entry.type}, not a file`,
              `拒否しました: エントリ ${JSON.stringify(raw)} は通常ファイルではありません（${entry.type}）`,
            ),
          );
      }
    };
    parser.on('error', (e: Error & { code?: string }) =>
      fail(
        /^Z_|zlib/i.test(`${e.code ?? ''} ${e.message}`)
          ? corruptGzip(label, oneLine(e.message.replace(/^zlib: /, '')))
          : new BundleError(
              label,
              msg(
                `corrupt tar archive (${oneLine(e.message)})`,
                `tar アーカイブが壊れています（${oneLine(e.message)}）`,
              ),
              msg(
                'the archive is truncated or not a tar; copy it again',
                'アーカイブが途中で切れているか tar ではありません。もう一度コピーしてください',
              ),
            ),
      ),
    );
    parser.on('end', () => {
      if (!failed) resolve({ files, links, oversize });
    });
    input.on('error', (e: NodeJS.ErrnoException) =>
      fail(
        new BundleError(
          label,
          msg(`cannot read: ${e.code ?? e.message}`, `読み取れません: ${e.code ?? e.message}`),
        ),
      ),
    );
    input.pipe(parser);
  });
}

/**
 * Links become aliases of the files they name inside the bundle (a folder link aliases its files).
 * An alias shares the file's bytes (nothing is copied), a folder link aliases only the archive's
 * own files (never other aliases: no amplification), and aliases count toward the entry cap.
 */
function resolveLinks(files: Map<string, Buffer>, links: Map<string, TarLink>, label: string): void {
  const originals = [...files.keys()].sort();
  const resolveOne = (path: string, hops: number): string | undefined => {
    const link = links.get(path);
    if (!link) return path;
    if (hops > MAX_LINK_HOPS) throw traversalError(label, path, msg('link loop', 'リンクのループ'));
    return resolveOne(link.target, hops + 1);
  };
  for (const [path] of [...links].sort(([a], [b]) => a.localeCompare(b))) {
    const target = resolveOne(path, 0);
    if (target === undefined) continue;
    const data = files.get(target);
    if (data) {
      files.set(path, data);
      continue;
    }
    const prefix = `${target}/`;
    for (let i = lowerBound(originals, prefix); i < originals.length; i++) {
      const p = originals[i]!;
      if (!p.startsWith(prefix)) break;
      files.set(`${path}/${p.slice(prefix.length)}`, files.get(p)!);
      if (files.size > MAX_ENTRIES) throw tooManyEntries(label);
    }
  }
}

/** First index whose value is ≥ `key` in a sorted array. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function memoryFiles(
  label: string,
  files: ReadonlyMap<string, Buffer>,
  oversize: ReadonlyMap<string, number>,
): BundleFiles {
  return {
    label,
    paths: [...new Set([...files.keys(), ...oversize.keys()])].sort(),
    has: (p) => files.has(p) || oversize.has(p),
    read: async (p) => {
      const data = files.get(p);
      if (data) return { ok: true, data };
      const size = oversize.get(p);
      return size !== undefined
        ? { ok: false, error: tooLarge(size) }
        : { ok: false, error: 'file not found in bundle' };
    },
  };
}

/** Folders that are part of a layout, never a wrapper (a NetworkCheck logdir may hold only `nodes/`). */
const LAYOUT_FOLDERS = new Set(['nodes/', 'master/', 'api/', 'meta/', 'probes/', 'pods/']);

/** `openshift-sdn-debug/nodes/…` → `nodes/…`: archives usually wrap everything in one folder. */
function stripSingleTopFolder(files: BundleFiles): BundleFiles {
  const tops = new Set(files.paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : p)));
  if (tops.size !== 1) return files;
  const [top] = [...tops];
  if (!top || !top.endsWith('/') || LAYOUT_FOLDERS.has(top)) return files;
  const paths = files.paths.map((p) => p.slice(top.length));
  return {
    label: files.label,
    paths,
    has: (p) => files.has(top + p),
    read: (p) => files.read(top + p),
  };
}
