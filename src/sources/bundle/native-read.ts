/**
 * Reads a bundle written by {@link writeBundle}: manifest.json (zod-checked), API lists, artifact
 * texts. Whole-bundle problems throw a one-line BundleError; a missing or unreadable file is a
 * per-file InputWarning and the artifact carries `error`, so dependent checks answer unknown.
 */
import type { ApiList, ApiSnapshot, Artifact, InputWarning, Snapshot } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';
import { failedList, listItems, okList } from './api-list.js';
import { BundleError, traversalError } from './errors.js';
import type { BundleFiles } from './files.js';
import { parseJsonWithPosition } from './json.js';
import {
  MANIFEST_FILE,
  firstIssue,
  manifestSchema,
  type Manifest,
  type ManifestApiEntry,
} from './manifest.js';
import { normalizeRel, unsafePathReason } from './paths.js';
import { badJsonWarning, fileMissingWarning, notAListWarning } from './warn.js';

export async function readNativeBundle(files: BundleFiles): Promise<Snapshot> {
  const manifest = await readManifest(files);
  const warnings: InputWarning[] = [...(manifest.warnings ?? [])];
  const api: Record<string, ApiList> = {};
  for (const entry of manifest.api) api[entry.resource] = await readApiEntry(files, entry, warnings);
  const artifacts: Artifact[] = [];
  for (const entry of manifest.artifacts) {
    const file = checkedPath(files.label, entry.file);
    const read = await files.read(file);
    const base = {
      id: entry.id,
      kind: entry.kind,
      ...(entry.node !== undefined ? { node: entry.node } : {}),
      ...(entry.where !== undefined ? { where: entry.where } : {}),
      argv: entry.argv,
      exitCode: entry.exitCode,
      collectedAt: entry.collectedAt,
      ...(entry.stderr !== undefined ? { stderr: entry.stderr } : {}),
    };
    if (read.ok) {
      artifacts.push({
        ...base,
        text: read.data.toString('utf8'),
        ...(entry.error !== undefined ? { error: entry.error } : {}),
      });
    } else {
      warnings.push(fileMissingWarning(file, entry.node, read.error));
      artifacts.push({ ...base, text: '', error: entry.error ?? `${file}: ${read.error}` });
    }
  }
  return {
    collectedAt: manifest.collectedAt,
    collector: manifest.collector.source,
    api: api as ApiSnapshot,
    artifacts,
    warnings,
  };
}

async function readManifest(files: BundleFiles): Promise<Manifest> {
  const read = await files.read(MANIFEST_FILE);
  if (!read.ok) {
    throw new BundleError(
      `${files.label}/${MANIFEST_FILE}`,
      msg(`cannot read manifest (${read.error})`, `マニフェストを読めません（${read.error}）`),
    );
  }
  const parsed = parseJsonWithPosition(read.data.toString('utf8'));
  if (!parsed.ok) {
    throw new BundleError(
      MANIFEST_FILE,
      msg(`invalid JSON: ${parsed.error}`, `JSON が不正です: ${parsed.error}`),
      msg('the bundle is damaged; collect it again', 'バンドルが壊れています。取り直してください'),
      parsed.line,
      parsed.column,
    );
  }
  const result = manifestSchema.safeParse(parsed.value);
  if (!result.success) {
    const issue = firstIssue(result.error);
    throw new BundleError(
      MANIFEST_FILE,
      msg(
        `not an sdn-doctor bundle manifest: ${issue}`,
        `sdn-doctor バンドルのマニフェストではありません: ${issue}`,
      ),
      msg(
        `schemaVersion ${1} is read; was it written by another tool or version?`,
        'schemaVersion 1 を読みます。別のツールやバージョンで書かれていませんか',
      ),
    );
  }
  return result.data;
}

/** A path the manifest names must stay inside the bundle: anything else is refused outright. */
function checkedPath(label: string, path: string): string {
  const reason = unsafePathReason(path);
  if (reason) throw traversalError(`${label}/${MANIFEST_FILE}`, path, reason);
  return normalizeRel(path);
}

async function readApiEntry(
  files: BundleFiles,
  entry: ManifestApiEntry,
  warnings: InputWarning[],
): Promise<ApiList> {
  if (!entry.ok) return failedList(entry.error ?? 'not collected', entry.status);
  const file = checkedPath(files.label, entry.file ?? `api/${entry.resource}.json`);
  const read = await files.read(file);
  if (!read.ok) {
    warnings.push(fileMissingWarning(file, undefined, read.error));
    return failedList(`${file}: ${read.error}`);
  }
  const parsed = parseJsonWithPosition(read.data.toString('utf8'));
  if (!parsed.ok) {
    warnings.push(badJsonWarning(file, parsed.error, parsed.line, parsed.column));
    return failedList(`${file}:${parsed.line}:${parsed.column}: invalid JSON: ${parsed.error}`);
  }
  const items = listItems(parsed.value);
  if (!items) {
    warnings.push(notAListWarning(file));
    return failedList(`${file}: not an API list`);
  }
  return okList(items, entry.namespaces);
}
