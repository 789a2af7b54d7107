/**
 * Writes a Snapshot as an sdn-doctor bundle: a directory, or a `.tar.gz` when the path ends with
 * `.tar.gz`/`.tgz`. Everything written is redacted first (redact.ts): no Secret objects, env
 * values, tokens, keys or certificates ever reach the disk.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { create as createTar } from 'tar';
import { API_RESOURCES, type Artifact, type Snapshot } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';
import { BundleError } from './errors.js';
import { BUNDLE_SCHEMA_VERSION, MANIFEST_FILE, type Manifest, type ManifestArtifact } from './manifest.js';
import { normalizeRel, unsafePathReason } from './paths.js';
import { redactApiItems, redactText, redactValue } from './redact.js';
import { sortArtifacts } from '../collect.js';

export interface WriteBundleOptions {
  /** sdn-doctor version recorded in the manifest. */
  readonly version?: string;
  /** kubeconfig context name, recorded for the reader's information (never credentials). */
  readonly context?: string;
}

const DEFAULT_VERSION = '0.1.0';

/** True when `path` names an archive rather than a directory. */
export function isArchivePath(path: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(path);
}

/** Writes `snapshot` to `path` (directory or .tar.gz), redacted. */
export async function writeBundle(
  snapshot: Snapshot,
  path: string,
  options: WriteBundleOptions = {},
): Promise<void> {
  if (!isArchivePath(path)) {
    await assertWritableDir(path);
    await writeTree(snapshot, path, options);
    return;
  }
  const staging = await mkdtemp(join(tmpdir(), 'sdn-doctor-bundle-'));
  try {
    await writeTree(snapshot, staging, options);
    const entries = (await readdir(staging)).sort();
    await mkdir(dirname(path), { recursive: true });
    // portable: no uid/gid/user names from this machine in the archive.
    await createTar({ gzip: true, file: path, cwd: staging, portable: true }, entries);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Folders a bundle of ours is made of: cleared when an older bundle is overwritten. */
const OWN_ENTRIES = [MANIFEST_FILE, 'api', 'nodes', 'probes', 'other'];

/**
 * Refuses to write into a non-empty directory that is not a bundle (it would mix with foreign
 * files); an older bundle of ours is cleared first, so no stale node outputs survive.
 */
async function assertWritableDir(path: string): Promise<void> {
  const existing = await readdir(path).catch(() => undefined);
  if (existing?.includes(MANIFEST_FILE)) {
    for (const entry of OWN_ENTRIES) await rm(join(path, entry), { recursive: true, force: true });
    return;
  }
  if (existing && existing.length > 0) {
    throw new BundleError(
      path,
      msg(
        'the output directory exists and is not an sdn-doctor bundle',
        '出力先ディレクトリが存在し、sdn-doctor バンドルではありません',
      ),
      msg(
        'choose a new directory or a .tar.gz path',
        '新しいディレクトリか .tar.gz のパスを指定してください',
      ),
    );
  }
}

async function writeTree(snapshot: Snapshot, root: string, options: WriteBundleOptions): Promise<void> {
  // the snapshot's own order is kept; a stream sorts what arrived in any order
  const writer = treeWriter(root, false);
  for (const artifact of snapshot.artifacts) await writer.add(artifact);
  await writer.finish(snapshot, options);
}

/** What a bundle records besides its artifacts. */
export type BundleHead = Omit<Snapshot, 'artifacts'>;

/**
 * A bundle written as the artifacts arrive (collect at scale): each artifact's file goes to disk
 * at once, redacted, and only its manifest entry stays in memory; `finish` writes the API lists
 * and the manifest (and packs the `.tar.gz`). Same files as `writeBundle` for the same snapshot.
 */
export interface BundleStream {
  add(artifact: Artifact): Promise<void>;
  finish(head: BundleHead): Promise<void>;
}

export async function openBundleStream(
  path: string,
  options: WriteBundleOptions = {},
): Promise<BundleStream> {
  if (!isArchivePath(path)) {
    await assertWritableDir(path);
    const writer = treeWriter(path, true);
    return { add: writer.add, finish: (head) => writer.finish(head, options) };
  }
  const staging = await mkdtemp(join(tmpdir(), 'sdn-doctor-bundle-'));
  const writer = treeWriter(staging, true);
  return {
    add: writer.add,
    async finish(head) {
      try {
        await writer.finish(head, options);
        const entries = (await readdir(staging)).sort();
        await mkdir(dirname(path), { recursive: true });
        await createTar({ gzip: true, file: path, cwd: staging, portable: true }, entries);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    },
  };
}

function treeWriter(
  root: string,
  sorted: boolean,
): {
  add(artifact: Artifact): Promise<void>;
  finish(head: BundleHead, options: WriteBundleOptions): Promise<void>;
} {
  // artifacts never use api/ or the manifest's name (artifactFile keeps them apart)
  const used = new Set<string>([MANIFEST_FILE, ...API_RESOURCES.map((r) => `api/${r}.json`)]);
  const entries: (ManifestArtifact & { node?: string })[] = [];
  // one mkdir per folder, not per file (2000 nodes × 12 outputs)
  const made = new Set<string>();
  const write = async (rel: string, content: string) => {
    const target = join(root, rel);
    const dir = dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(target, content, { mode: 0o600 });
  };
  return {
    async add(artifact) {
      const file = artifactFile(artifact, entries.length, used);
      used.add(file);
      entries.push(manifestEntry(artifact, file));
      await write(file, redactText(artifact.text));
    },
    async finish(head, options) {
      const manifest: Manifest = {
        schemaVersion: BUNDLE_SCHEMA_VERSION,
        collectedAt: head.collectedAt,
        collector: {
          tool: 'sdn-doctor',
          version: options.version ?? DEFAULT_VERSION,
          source: head.collector,
          ...(options.context !== undefined ? { context: options.context } : {}),
        },
        api: [],
        artifacts: sorted ? sortArtifacts(entries) : entries,
        // Warnings quote what a shell or a server said (a `Bearer …` in an error): redacted too.
        warnings: head.warnings.map((w) => ({
          source: redactText(w.source),
          ...(w.node !== undefined ? { node: w.node } : {}),
          ...(w.line !== undefined ? { line: w.line } : {}),
          message: { en: redactText(w.message.en), ja: redactText(w.message.ja) },
          ...(w.excerpt !== undefined ? { excerpt: redactText(w.excerpt) } : {}),
        })),
      };
      for (const resource of API_RESOURCES) {
        const list = head.api[resource];
        if (!list) continue;
        if (!list.ok) {
          manifest.api.push({
            resource,
            ok: false,
            error: redactText(list.error),
            ...(list.status !== undefined ? { status: list.status } : {}),
          });
          continue;
        }
        const file = `api/${resource}.json`;
        await write(
          file,
          `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: redactApiItems(list.items) }, null, 2)}\n`,
        );
        manifest.api.push({
          resource,
          file,
          ok: true,
          ...(list.namespaces ? { namespaces: [...list.namespaces] } : {}),
        });
      }
      await write(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

function manifestEntry(a: Artifact, file: string): ManifestArtifact {
  return {
    id: a.id,
    kind: a.kind,
    ...(a.node !== undefined ? { node: a.node } : {}),
    ...(a.where !== undefined ? { where: a.where } : {}),
    argv: redactValue([...a.argv]) as string[],
    exitCode: a.exitCode,
    file,
    collectedAt: a.collectedAt,
    ...(a.error !== undefined ? { error: redactText(a.error) } : {}),
    ...(a.stderr !== undefined ? { stderr: redactText(a.stderr) } : {}),
  };
}

/** The artifact id is its file name when it is a safe, unused, relative path (the normal case). */
function artifactFile(a: Artifact, index: number, used: ReadonlySet<string>): string {
  const id = normalizeRel(a.id);
  if (!unsafePathReason(a.id) && id !== '' && !id.startsWith('api/') && !used.has(id)) return id;
  const slug = a.id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'artifact';
  return `other/${String(index).padStart(4, '0')}-${slug}.txt`;
}
