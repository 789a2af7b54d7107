/**
 * `dig` probe artifacts → DnsLookup (39.3 `dig +short <host>`, 39.9 `dig +search +noall +answer
 * <name>`). A dig that ran and failed to get an answer is a lookup with an error; a dig that never
 * ran (shell timeout, exec refused) is an input warning.
 */
import type { Artifact } from '../../artifacts/types.js';
import { parseIp } from '../../net/ipv4.js';
import { parseDigAnswer, parseDigShort } from '../../parsers/index.js';
import type { DnsLookup } from '../types.js';
import { unusableArtifact, type WarningSink } from './warnings.js';

export function buildDnsLookups(artifacts: readonly Artifact[], sink: WarningSink): DnsLookup[] | undefined {
  const digs = artifacts.filter((a) => a.kind === 'dig-short' || a.kind === 'dig-answer');
  if (digs.length === 0) return undefined;
  const lookups = digs.flatMap((a) => toLookup(a, sink));
  return lookups.sort(
    (x, y) =>
      x.name.localeCompare(y.name) ||
      (x.node ?? '').localeCompare(y.node ?? '') ||
      (x.where ?? '').localeCompare(y.where ?? '') ||
      x.artifact.localeCompare(y.artifact),
  );
}

/** The queried name: dig's last argument that is not an option (`+short`, `-p 53`, `@server`). */
function queriedName(argv: readonly string[]): string | undefined {
  const args = argv.slice(1).filter((x) => !x.startsWith('+') && !x.startsWith('-') && !x.startsWith('@'));
  return args[args.length - 1]?.replace(/\.$/, '');
}

function toLookup(a: Artifact, sink: WarningSink): DnsLookup[] {
  const name = queriedName(a.argv);
  if (a.error || a.exitCode === null || !name) {
    sink.message(
      a.id,
      unusableArtifact(a.id, a.error ?? (name ? 'the command did not finish' : 'no name in argv')),
      a.node,
    );
    return [];
  }
  const base = {
    name,
    ...(a.node !== undefined ? { node: a.node } : {}),
    ...(a.where !== undefined ? { where: a.where } : {}),
    search: a.argv.includes('+search'),
    artifact: a.id,
  };
  if (a.kind === 'dig-short') {
    const { records, warnings } = parseDigShort(a.text);
    for (const w of warnings) sink.fromParser(a.id, a.node, w);
    const lines = a.text.split('\n');
    let from = 0;
    const answers = records.answers.map((data) => {
      // dig +short has no record lines of its own; cite the line the answer was printed on.
      const index = lines.findIndex((l, i) => i >= from && l.trim() === data);
      if (index >= 0) from = index + 1;
      return {
        name,
        type: parseIp(data) !== undefined ? 'A' : 'CNAME',
        data,
        line: index + 1,
        raw: index >= 0 ? (lines[index] ?? data) : data,
      };
    });
    return [{ ...base, kind: 'dig-short', answers, ...(records.error ? { error: records.error } : {}) }];
  }
  const { records, warnings } = parseDigAnswer(a.text);
  for (const w of warnings) sink.fromParser(a.id, a.node, w);
  const failure = a.text
    .split('\n')
    .find((l) => /^;; (connection timed out|communications error|.*no servers could be reached)/.test(l));
  return [
    {
      ...base,
      kind: 'dig-answer',
      answers: records.map((r) => ({
        name: r.name.replace(/\.$/, ''),
        type: r.type,
        data: r.data,
        line: r.line,
        raw: r.raw,
      })),
      ...(failure
        ? { error: failure.replace(/^;;\s*/, '') }
        : a.exitCode !== 0
          ? { error: `exit code ${a.exitCode}` }
          : {}),
    },
  ];
}
