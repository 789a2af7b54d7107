/**
 * Path rules of a bundle: every file it names is a relative POSIX path that stays inside it.
 * Archives and manifests come from other machines, so `../`, absolute paths, drive letters,
 * backslashes and NUL bytes are refused before anything is opened.
 */
import { posix } from 'node:path';
import { msg, type Msg } from '../../i18n/message.js';

/** Why a path is not a safe bundle-relative path, or undefined when it is. */
export function unsafePathReason(path: string): Msg | undefined {
  if (path.length === 0) return msg('empty path', '空のパス');
  if (path.includes('\0')) return msg('NUL byte in path', 'パスに NUL バイト');
  if (path.includes('\\')) return msg('backslash in path', 'パスにバックスラッシュ');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return msg('absolute path', '絶対パス');
  if (path.split('/').includes('..')) return msg('`..` component', '`..` を含むパス');
  return undefined;
}

/** `./a//b/` → `a/b`; callers check {@link unsafePathReason} first. */
export function normalizeRel(path: string): string {
  const n = posix
    .normalize(path)
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

/**
 * Resolves a link target written in an archive (relative to the link's folder, or absolute) to a
 * bundle-relative path, or undefined when it leaves the bundle.
 */
export function resolveLinkTarget(
  linkPath: string,
  target: string,
  relativeToRoot = false,
): string | undefined {
  if (target.startsWith('/') || target.includes('\0') || target.includes('\\')) return undefined;
  const base = relativeToRoot ? '' : posix.dirname(linkPath);
  const joined = posix.normalize(posix.join(base === '.' ? '' : base, target));
  if (joined === '..' || joined.startsWith('../') || joined.startsWith('/')) return undefined;
  return normalizeRel(joined);
}

/** A node name or pod name used as one folder name in a bundle. */
export function isSafeSegment(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._:@-]{0,252}$/.test(name);
}
