/**
 * The node configuration (36.8: `/etc/origin/node/node-config.yaml`; 39.8.1: on 3.11 the config map
 * `node-config-<group>`, shown by `oc describe configmaps` or `oc get configmap -o yaml|json`).
 * 39.8.1 needs `networkConfig.mtu` (at least 50 below the NIC MTU) and the plugin name, with the
 * line where each is written so a finding can point at it.
 */
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { NodeConfigRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, splitLines } from './util/numbered-lines.js';

const DATA_KEY = 'node-config.yaml';

/** Where the NodeConfig YAML sits inside the text, and how its lines map back to the text's lines. */
interface Embedded {
  readonly yaml: string;
  /** Inner 1-based line → outer 1-based line. */
  readonly toOuter: (innerLine: number) => number;
}

type Path = readonly (string | number)[];

/** Reads a YAML document with line positions; errors become warnings at outer lines. */
function readYaml(
  text: string,
  toOuter: (l: number) => number,
  warnings: ParseWarning[],
  lines: readonly string[],
) {
  const lineCounter = new LineCounter();
  // The guide elides with `...` lines (a YAML document end marker): blank them, keeping line numbers.
  const cleaned = text.replace(/^\.\.\.[ \t]*$/gm, '');
  const doc = parseDocument(cleaned, { lineCounter, uniqueKeys: false });
  for (const e of doc.errors) {
    const inner = e.linePos?.[0].line ?? 0;
    const outer = inner > 0 ? toOuter(inner) : 0;
    warnings.push(
      lineWarning(
        outer,
        lines[outer - 1] ?? '',
        msg(`unreadable YAML: ${e.code}`, `YAML を読み取れません: ${e.code}`),
      ),
    );
  }
  return { doc, lineOf: (path: Path) => nodeLine(doc, lineCounter, path) };
}

function nodeLine(doc: Document, lc: LineCounter, path: Path): number | undefined {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return undefined;
  return lc.linePos(node.range[0]).line;
}

/** `oc describe configmaps node-config-infra`: the data key, a `----` ruler, the YAML, then `Events:`. */
function fromDescribe(lines: readonly string[]): Embedded | undefined {
  const at = lines.findIndex((l, i) => l.trim() === `${DATA_KEY}:` && lines[i + 1]?.trim() === '----');
  if (at < 0) return undefined;
  const start = at + 2; // 0-based index of the first YAML line
  let end = start;
  while (end < lines.length && !isDescribeSectionEnd(lines, end)) end++;
  return { yaml: lines.slice(start, end).join('\n'), toOuter: (l) => start + l };
}

function isDescribeSectionEnd(lines: readonly string[], i: number): boolean {
  const l = lines[i] as string;
  if (/^(Events|BinaryData|Annotations|Labels):/.test(l) || l === 'BinaryData') return true;
  return /^\S+:$/.test(l) && lines[i + 1]?.trim() === '----'; // the next data key
}

/**
 * A ConfigMap (or a List of them): the embedded YAML and its line mapping. A block scalar's
 * lines sit one below the other in the outer text; a JSON string sits on one line.
 */
function fromConfigMap(doc: Document, lc: LineCounter, lines: readonly string[]): Embedded | undefined {
  const candidates: Path[] = [['data', DATA_KEY]];
  const items = doc.get('items', true);
  if (items && typeof items === 'object' && 'items' in items && Array.isArray(items.items)) {
    items.items.forEach((_, i) => candidates.push(['items', i, 'data', DATA_KEY]));
  }
  for (const path of candidates) {
    const node = doc.getIn(path, true);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    const startLine = lc.linePos(node.range[0]).line;
    const innerLines = node.value.split('\n');
    return {
      yaml: node.value,
      toOuter: (inner) => {
        const want = innerLines[inner - 1]?.trim();
        if (!want) return startLine;
        for (let i = startLine; i < lines.length; i++) if ((lines[i] as string).trim() === want) return i + 1;
        return startLine;
      },
    };
  }
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const first = (v: unknown): string | undefined => (Array.isArray(v) ? str(v[0]) : str(v));

function get(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/**
 * Parses a 3.x NodeConfig (`node-config.yaml`), the 3.11 config map that carries it (YAML, JSON,
 * a List, or `oc describe` text), or the guide's elided fragment. Missing keys stay undefined;
 * an MTU that is not a number is a warning at its line.
 */
export function parseNodeConfig(text: string): ParseResult<NodeConfigRecord> {
  try {
    return readNodeConfig(text);
  } catch (e) {
    // The YAML library refused the input (alias bomb, pathological nesting): a warning, never a throw.
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      records: {},
      warnings: [
        lineWarning(0, '', msg(`unreadable node config: ${why}`, `ノード設定を読み取れません: ${why}`)),
      ],
    };
  }
}

function readNodeConfig(text: string): ParseResult<NodeConfigRecord> {
  const warnings: ParseWarning[] = [];
  const lines = splitLines(text);
  if (text.trim() === '') {
    return { records: {}, warnings: [lineWarning(0, '', msg('empty node config', 'ノード設定が空です'))] };
  }
  let embedded = fromDescribe(lines);
  if (!embedded) {
    const lc = new LineCounter();
    const outer = parseDocument(text.replace(/^\.\.\.[ \t]*$/gm, ''), { lineCounter: lc, uniqueKeys: false });
    if (isMap(outer.contents) && outer.errors.length === 0) embedded = fromConfigMap(outer, lc, lines);
  }
  const source = embedded ?? { yaml: text, toOuter: (l: number) => l };
  const { doc, lineOf } = readYaml(source.yaml, source.toOuter, warnings, lines);
  const cfg: unknown =
    doc.errors.length === 0 || isMap(doc.contents) ? doc.toJS({ maxAliasCount: 50 }) : undefined;
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) {
    if (doc.errors.length === 0)
      warnings.push(lineWarning(0, '', msg('not a node configuration', 'ノード設定ではありません')));
    return { records: {}, warnings };
  }
  const at = (path: Path) => {
    const inner = lineOf(path);
    return inner === undefined ? undefined : source.toOuter(inner);
  };
  const rawMtu = get(cfg, 'networkConfig', 'mtu');
  const mtuNum =
    typeof rawMtu === 'number'
      ? rawMtu
      : typeof rawMtu === 'string' && /^\d+$/.test(rawMtu)
        ? Number(rawMtu)
        : undefined;
  const mtuLine = at(['networkConfig', 'mtu']);
  if (
    rawMtu !== undefined &&
    rawMtu !== null &&
    rawMtu !== '' &&
    (mtuNum === undefined || !Number.isInteger(mtuNum))
  ) {
    warnings.push(
      lineWarning(
        mtuLine ?? 0,
        lines[(mtuLine ?? 0) - 1] ?? '',
        msg('networkConfig.mtu is not a number', 'networkConfig.mtu が数値ではありません'),
      ),
    );
  }
  const plugin = str(get(cfg, 'networkConfig', 'networkPluginName'));
  const pluginLine = at(['networkConfig', 'networkPluginName']);
  const record: NodeConfigRecord = {
    ...opt('nodeName', str(get(cfg, 'nodeName'))),
    ...opt('nodeIP', str(get(cfg, 'nodeIP'))),
    ...(mtuNum !== undefined && Number.isInteger(mtuNum)
      ? { mtu: mtuNum, ...(mtuLine ? { mtuLine } : {}) }
      : {}),
    ...(plugin !== undefined ? { networkPluginName: plugin, ...(pluginLine ? { pluginLine } : {}) } : {}),
    ...opt(
      'clusterNetworkCIDR',
      first(get(cfg, 'proxyArguments', 'cluster-cidr')) ??
        str(get(cfg, 'networkConfig', 'clusterNetworkCIDR')) ??
        str(get(cfg, 'networkConfig', 'clusterNetworks', 0, 'cidr')),
    ),
    ...opt('serviceNetworkCIDR', str(get(cfg, 'networkConfig', 'serviceNetworkCIDR'))),
    ...opt('dnsIP', str(get(cfg, 'dnsIP'))),
    ...opt('dnsDomain', str(get(cfg, 'dnsDomain'))),
    ...opt('iptablesSyncPeriod', str(get(cfg, 'iptablesSyncPeriod'))),
    ...opt('proxyMode', first(get(cfg, 'proxyArguments', 'proxy-mode'))),
  };
  return { records: record, warnings };
}

function opt<K extends keyof NodeConfigRecord>(key: K, value: string | undefined): Partial<NodeConfigRecord> {
  return value === undefined ? {} : { [key]: value };
}
