/**
 * Imports the folders written by openshift-sdn's `hack/debug.sh` (openshift-sdn-debug-<date>.tgz:
 * `master/`, `nodes/<node>/`, `nodes/<node>/pods/<pod>/`, `meta/`, `log`) and by
 * `oc adm diagnostics NetworkCheck --network-logdir` (`<logdir>/master/`, `<logdir>/nodes/<node>/`,
 * `…/pods/<pod>/`), prior-art-networkcheck.md §1.5–1.6, §2.1–2.2. Every file is kept: known ones
 * get the kind their parser reads, the rest kind `other`. API objects come from `master/`.
 */
import type { ApiResource, ApiSnapshot, Artifact, InputWarning, Snapshot } from '../../../artifacts/types.js';
import type { BundleFiles } from '../files.js';
import { fileMissingWarning } from '../warn.js';
import { apiListFromText } from './api-text.js';
import {
  HOST_FILE_RULES,
  MASTER_API_FILES,
  POD_FILE_RULES,
  matchRule,
  type HostFileRule,
} from './file-table.js';
import { failureOf, splitDebugShHeader } from './text.js';

export type LegacyFormat = 'debug.sh' | 'networkcheck';

interface Placement {
  readonly node?: string;
  readonly where?: string;
  readonly pod?: string;
  readonly rules: readonly HostFileRule[];
}

export async function readLegacyBundle(files: BundleFiles, format: LegacyFormat): Promise<Snapshot> {
  const collectedAt = dateFromLabel(files.label);
  const warnings: InputWarning[] = [];
  const texts = new Map<string, string>();
  for (const path of files.paths) {
    const read = await files.read(path);
    if (read.ok) texts.set(path, read.data.toString('utf8'));
    else warnings.push(fileMissingWarning(path, nodeOf(path), read.error));
  }

  const api: Partial<Record<ApiResource, ApiSnapshot[ApiResource]>> = {};
  const artifacts: Artifact[] = [];
  const addArtifact = (path: string, text: string, placement: Placement): void => {
    artifacts.push(toArtifact(path, text, placement, format, collectedAt));
  };

  for (const [path, raw] of texts) {
    const parts = path.split('/');
    const base = parts[parts.length - 1] ?? path;
    if (parts[0] === 'master' && parts.length === 2) {
      const { header, text } = splitDebugShHeader(raw);
      const resource = MASTER_API_FILES[base];
      if (resource) {
        const { list, warnings: w } = apiListFromText(path, text);
        api[resource] = list;
        warnings.push(...w);
        void header;
        continue;
      }
      if (format === 'networkcheck' && base === 'routes') {
        // NetworkCheck appends `oc get routes -o yaml` to the master's `ip route show` file
        // (both are written to "routes", O_APPEND): split at the YAML document.
        const [routesText, yamlText] = splitAtYaml(text);
        addArtifact(path, routesText, { where: 'master', rules: HOST_FILE_RULES });
        if (yamlText !== undefined) {
          const { list, warnings: w } = apiListFromText(path, yamlText);
          api.routes = list;
          warnings.push(...w);
        }
        continue;
      }
      addArtifact(path, raw, { where: 'master', rules: HOST_FILE_RULES });
      continue;
    }
    if (parts[0] === 'nodes' && parts.length === 3 && parts[1]) {
      addArtifact(path, raw, { node: parts[1], rules: HOST_FILE_RULES });
      continue;
    }
    if (parts[0] === 'nodes' && parts.length === 5 && parts[1] && parts[2] === 'pods' && parts[3]) {
      addArtifact(path, raw, { node: parts[1], pod: parts[3], rules: POD_FILE_RULES });
      continue;
    }
    addArtifact(path, raw, { ...(parts.length > 1 ? { where: parts[0] } : {}), rules: [] });
  }

  const namespaces = podNamespaces(api.pods);
  const placed = artifacts.map((a) => withPodNamespace(a, namespaces));
  return {
    collectedAt,
    collector: format,
    api,
    artifacts: placed.sort((a, b) => a.id.localeCompare(b.id)),
    warnings,
  };
}

function toArtifact(
  path: string,
  raw: string,
  p: Placement,
  format: LegacyFormat,
  collectedAt: string,
): Artifact {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const { header, text } = splitDebugShHeader(raw);
  const found = matchRule(p.rules, base);
  const kind = found?.rule.kind ?? 'other';
  const argv = header ?? (found ? [...found.rule.argv(found.match)] : []);
  // NetworkCheck ran `journalctl -u <unit> -r` (newest first); the journal parser reads blocks
  // top-down (39.10 "Output of setup script:" then its lines), so restore chronological order.
  const ordered = format === 'networkcheck' && kind === 'node-journal' ? reverseLines(text) : text;
  const failure = failureOf(ordered);
  return {
    id: path,
    kind,
    ...(p.node !== undefined ? { node: p.node } : {}),
    ...(p.pod !== undefined ? { where: `pod/${p.pod}` } : p.where !== undefined ? { where: p.where } : {}),
    argv: format === 'networkcheck' && kind === 'node-journal' ? [...argv, '-r'] : argv,
    text: ordered,
    exitCode: failure ? failure.exitCode : 0,
    collectedAt,
    ...(failure ? { error: failure.error } : {}),
  };
}

function reverseLines(text: string): string {
  const trailing = text.endsWith('\n');
  const lines = (trailing ? text.slice(0, -1) : text).split('\n').reverse();
  return lines.join('\n') + (trailing ? '\n' : '');
}

/** Splits `ip route show` output from a following `apiVersion:`/`items:` YAML document. */
function splitAtYaml(text: string): [string, string | undefined] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^(apiVersion|items|kind):/.test(l));
  if (at < 0) return [text, undefined];
  const before = lines.slice(0, at).join('\n');
  // Keep the YAML's line numbers equal to the file's: blank lines stand in for the route part.
  const yaml = [...lines.slice(0, at).map(() => ''), ...lines.slice(at)].join('\n');
  return [before ? `${before}\n` : '', yaml];
}

function nodeOf(path: string): string | undefined {
  const m = /^nodes\/([^/]+)\//.exec(path);
  return m?.[1];
}

/** `pod/<name>` → `pod/<ns>/<name>` when the pods list says which namespace it is in on that node. */
function podNamespaces(list: ApiSnapshot['pods']): Map<string, string> {
  const out = new Map<string, string>();
  if (!list?.ok) return out;
  for (const item of list.items) {
    const pod = item as { metadata?: { name?: unknown; namespace?: unknown }; spec?: { nodeName?: unknown } };
    const name = pod.metadata?.name;
    const ns = pod.metadata?.namespace;
    const node = pod.spec?.nodeName;
    if (typeof name === 'string' && typeof ns === 'string' && typeof node === 'string')
      out.set(`${node}/${name}`, ns);
  }
  return out;
}

function withPodNamespace(a: Artifact, namespaces: ReadonlyMap<string, string>): Artifact {
  if (!a.where?.startsWith('pod/') || !a.node) return a;
  const name = a.where.slice('pod/'.length);
  const ns = namespaces.get(`${a.node}/${name}`);
  return ns ? { ...a, where: `pod/${ns}/${name}` } : a;
}

/** `openshift-sdn-debug-2018-11-09.tgz` → `2018-11-09T00:00:00Z`; `unknown` otherwise. */
function dateFromLabel(label: string): string {
  const m = /(\d{4}-\d{2}-\d{2})/.exec(label);
  return m ? `${m[1]}T00:00:00Z` : 'unknown';
}
