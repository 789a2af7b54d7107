/**
 * `readBundle(path)`: one entry point for every snapshot on disk. The layout is detected:
 * an sdn-doctor bundle (manifest.json), a debug.sh tarball or folder, or a NetworkCheck logdir.
 */
import type { Snapshot } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';
import { BundleError } from './errors.js';
import { openBundleFiles, type BundleFiles } from './files.js';
import { readLegacyBundle } from './import/legacy.js';
import { isMustGather, readMustGather } from './import/must-gather.js';
import { isSosreport, readSosreport } from './import/sosreport.js';
import { MANIFEST_FILE } from './manifest.js';
import { readNativeBundle } from './native-read.js';

export type BundleFormat = 'sdn-doctor' | 'debug.sh' | 'networkcheck' | 'sosreport' | 'must-gather';

export interface ReadBundleOptions {
  /** Skip detection and read the bundle as this layout. */
  readonly format?: BundleFormat;
}

/** Reads a bundle directory or .tar.gz into a Snapshot. Throws {@link BundleError} (one line) when it cannot. */
export async function readBundle(path: string, options: ReadBundleOptions = {}): Promise<Snapshot> {
  const files = await openBundleFiles(path);
  const format = options.format ?? (await detectFormat(files));
  switch (format) {
    case 'sdn-doctor':
      return readNativeBundle(files);
    case 'debug.sh':
    case 'networkcheck':
      return readLegacyBundle(files, format);
    case 'sosreport':
      return readSosreport(files);
    case 'must-gather':
      return readMustGather(files);
  }
}

/** Which tool wrote these files (prior-art-networkcheck.md §1.6 vs §2.2 file names). */
export async function detectFormat(files: BundleFiles): Promise<BundleFormat> {
  if (files.has(MANIFEST_FILE)) return 'sdn-doctor';
  if (isSosreport(files)) return 'sosreport';
  if (isMustGather(files)) return 'must-gather';
  const paths = files.paths;
  // debug.sh only: meta/{nodeinfo,podinfo,serviceinfo,debug.sh}, the top-level `log`, journal-full.
  if (
    paths.some(
      (p) =>
        /^meta\/(nodeinfo|podinfo|serviceinfo|debug\.sh)$/.test(p) ||
        p === 'log' ||
        /\/journal-full$/.test(p),
    )
  ) {
    return 'debug.sh';
  }
  // NetworkCheck only: journal-boot (`journalctl --boot -r -n 5000`), containers-list, config-<unit>.
  if (paths.some((p) => /^(nodes\/[^/]+|master)\/(journal-boot|containers-list|config-[^/]+)$/.test(p))) {
    return 'networkcheck';
  }
  const common = paths.find((p) => /^(nodes\/[^/]+|master)\/(flows|addresses|routes|iptables)$/.test(p));
  if (common) {
    // Same names in both: debug.sh files start with its `> command` line.
    const read = await files.read(common);
    return read.ok && read.data.subarray(0, 2).toString() === '> ' ? 'debug.sh' : 'networkcheck';
  }
  throw new BundleError(
    `${files.label}/${MANIFEST_FILE}`,
    msg(
      'not found: this is not an sdn-doctor bundle, nor a debug.sh or NetworkCheck log folder',
      '見つかりません: sdn-doctor バンドルでも debug.sh / NetworkCheck のログフォルダでもありません',
    ),
    msg(
      'pass the folder or .tar.gz written by `sdn-doctor collect`, debug.sh or `oc adm diagnostics NetworkCheck --network-logdir`',
      '`sdn-doctor collect`、debug.sh、`oc adm diagnostics NetworkCheck --network-logdir` が書いたフォルダか .tar.gz を指定してください',
    ),
  );
}
