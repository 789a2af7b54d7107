/**
 * A bundle's files, whether it is a directory or a `.tar.gz`: a sorted list of bundle-relative
 * paths and a reader. Every path is checked on the way in (../, absolute, links that leave the
 * bundle are refused), so the readers above never see an unsafe path.
 */
import { xz } from '@napi-rs/lzma';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
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

/** Upper bound on a decompressed archive: bundles are megabytes; this stops gzip bombs. */
const MAX_UNPACKED_BYTES = 1 << 30;
const MAX_LINK_HOPS = 8;

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
  const walk = async (dirReal: string, rel: string): Promise<void> => {
    if (visited.has(dirReal)) return; // a link loop inside the bundle: read each folder once
    visited.add(dirReal);
    const entries = (await readdir(dirReal)).sort();
    for (const name of entries) {
      const relPath = rel ? `${rel}/${name}` : name;
      const onDisk = join(dirReal, name);
      const st = await lstat(onDisk);
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
      if (target.isDirectory()) await walk(real, relPath);
      else if (target.isFile()) found.set(relPath, real);
    }
  };
  await walk(rootReal, '');
  return {
    label,
    paths: [...found.keys()].sort(),
    has: (p) => found.has(p),
    read: async (p) => {
      const real = found.get(p);
      if (!real) return { ok: false, error: 'file not found in bundle' };
      try {
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
  const raw = await readFile(path);
  const tarBytes = isGzip(raw) ? gunzip(raw, label) : isXz(raw) ? await unxz(raw, label) : raw;
  const { files, links } = await parseTar(tarBytes, label);
  resolveLinks(files, links, label);
  return memoryFiles(label, files);
}

function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** `.tar.xz`: how sos writes its reports (magic FD 37 7A 58 5A 00). */
function isXz(data: Buffer): boolean {
  return data.length >= 6 && data.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
}

async function unxz(data: Buffer, label: string): Promise<Buffer> {
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
  if (out.length > MAX_UNPACKED_BYTES)
    throw new BundleError(
      label,
      msg('the xz archive unpacks to more than 1 GiB', 'xz アーカイブの展開後サイズが 1 GiB を超えます'),
      msg('unpack it and pass the folder', '展開してフォルダを指定してください'),
    );
  return out;
}

function gunzip(data: Buffer, label: string): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (e) {
    const why = oneLine((e as Error).message);
    throw new BundleError(
      label,
      msg(`corrupt or truncated gzip data (${why})`, `gzip データが壊れているか途中で切れています（${why}）`),
      msg(
        'copy the archive again; check its size against the original',
        'アーカイブをもう一度コピーし、元のサイズと比べてください',
      ),
    );
  }
}

interface TarLink {
  readonly target: string;
  readonly hard: boolean;
}

function parseTar(
  data: Buffer,
  label: string,
): Promise<{ files: Map<string, Buffer>; links: Map<string, TarLink> }> {
  const files = new Map<string, Buffer>();
  const links = new Map<string, TarLink>();
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
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
    parser.on('error', (e: Error) =>
      fail(
        new BundleError(
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
      if (!failed) resolve({ files, links });
    });
    parser.end(data);
  });
}

/** Links become aliases of the files they name inside the bundle (a folder link aliases its files). */
function resolveLinks(files: Map<string, Buffer>, links: Map<string, TarLink>, label: string): void {
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
    for (const [p, d] of [...files])
      if (p.startsWith(prefix)) files.set(`${path}/${p.slice(prefix.length)}`, d);
  }
}

function memoryFiles(label: string, files: ReadonlyMap<string, Buffer>): BundleFiles {
  return {
    label,
    paths: [...files.keys()].sort(),
    has: (p) => files.has(p),
    read: async (p) => {
      const data = files.get(p);
      return data ? { ok: true, data } : { ok: false, error: 'file not found in bundle' };
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
