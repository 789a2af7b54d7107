/**
 * Property: whatever part of a healthy lab bundle a person captured — some tables of a flow dump,
 * one iptables table, lines kept by `grep`, the first lines (`head`), a journal tail, a copy cut
 * mid-line — no finding at warning or above appears that the whole bundle does not have. Each
 * filter is recorded in the artifact's argv the way the command would have been run.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Artifact, Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { SEVERITY_RANK } from '../../src/checks/types.js';
import { readBundle } from '../../src/sources/bundle/index.js';

const HEALTHY = join(import.meta.dirname, '../../examples/healthy-3node');

const loudKeys = (s: Snapshot): Set<string> =>
  new Set(
    analyzeSnapshot(s)
      .findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning)
      .map((f) => `${f.check} ${f.node ?? ''} ${f.fault ?? ''}`),
  );

const lines = (t: string): string[] => t.replace(/\n$/, '').split('\n');
const joined = (ls: readonly string[]): string => (ls.length ? `${ls.join('\n')}\n` : '');

/** One way of capturing part of an artifact, as the command line that would have produced it. */
type Filter = (a: Artifact, pick: number, amount: number) => Artifact | undefined;

const flowTables: Filter = (a, pick, amount) => {
  if (a.kind !== 'ovs-flows') return undefined;
  const all = [...new Set(lines(a.text).flatMap((l) => /table=(\d+)/.exec(l)?.[1] ?? []))];
  if (all.length < 2) return undefined;
  const kept = all
    .filter((_, i) => (pick >> i) % 2 === 1 || i === pick % all.length)
    .slice(0, 1 + (amount % 4));
  const keep = (l: string) => kept.some((t) => l.includes(`table=${t},`) || l.includes(`table=${t} `));
  const text = joined(lines(a.text).filter((l, i) => i === 0 || keep(l)));
  const argv =
    kept.length === 1
      ? [...a.argv, `table=${kept[0]}`]
      : [...a.argv, '|', 'grep', '-E', `table=(${kept.join('|')})`];
  return { ...a, argv, text };
};

const iptablesTable: Filter = (a, pick) => {
  if (a.kind !== 'iptables-save') return undefined;
  const sections = a.text.split(/(?=^\*)/m).filter((s) => s.startsWith('*'));
  const chosen = sections[pick % sections.length];
  if (!chosen) return undefined;
  const name = /^\*(\S+)/.exec(chosen)?.[1] ?? '';
  return { ...a, argv: ['iptables-save', '-t', name], text: chosen };
};

const grepWord: Filter = (a, pick) => {
  const words = [...new Set(a.text.split(/[^A-Za-z0-9_-]+/).filter((w) => w.length >= 3))];
  const word = words[pick % Math.max(1, words.length)];
  if (!word || a.text === '') return undefined;
  return {
    ...a,
    argv: [...a.argv, '|', 'grep', word],
    text: joined(lines(a.text).filter((l) => l.includes(word))),
  };
};

const head: Filter = (a, _pick, amount) => {
  const ls = lines(a.text);
  if (ls.length < 2) return undefined;
  const n = 1 + (amount % (ls.length - 1));
  return { ...a, argv: [...a.argv, '|', 'head', '-n', String(n)], text: joined(ls.slice(0, n)) };
};

const journalTail: Filter = (a, _pick, amount) => {
  if (a.kind !== 'node-journal') return undefined;
  const ls = lines(a.text);
  const n = 1 + (amount % ls.length);
  return { ...a, argv: [...a.argv, '-n', String(n)], text: joined(ls.slice(-n)) };
};

/** A copy that stops mid-line (a partial paste, a full disk): the last line is incomplete. */
const cutMidLine: Filter = (a, _pick, amount) => {
  if (a.text.length < 2) return undefined;
  const at = 1 + (amount % (a.text.length - 1));
  if (a.text[at - 1] === '\n' || a.text[at] === '\n') return undefined;
  return { ...a, text: a.text.slice(0, at) };
};

const FILTERS: readonly [string, Filter][] = [
  ['flow tables', flowTables],
  ['iptables -t', iptablesTable],
  ['grep', grepWord],
  ['head', head],
  ['journal tail', journalTail],
  ['cut mid-line', cutMidLine],
];

describe('property: a filtered or truncated healthy bundle never adds a loud finding', () => {
  let whole: Snapshot;
  let baseline: Set<string>;
  let nodeArtifacts: Artifact[];
  beforeAll(async () => {
    whole = await readBundle(HEALTHY);
    baseline = loudKeys(whole);
    nodeArtifacts = whole.artifacts.filter((a) => a.node && !a.where && a.kind !== 'other');
  });

  it('the whole healthy bundle is the reference (and reads without loud findings)', () => {
    expect([...baseline]).toEqual([]);
    expect(nodeArtifacts.length).toBeGreaterThan(20);
  });

  it.each(FILTERS)('%s', (_name, filter) => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        (which, pick, amount, count) => {
          let snap = whole;
          const changed: string[] = [];
          for (let k = 0; k < count; k++) {
            const target = nodeArtifacts[(which + k * 7) % nodeArtifacts.length] as Artifact;
            const next = filter(target, pick + k, amount + k * 13);
            if (!next) continue;
            changed.push(`${target.id} ${next.argv.join(' ')}`);
            snap = { ...snap, artifacts: snap.artifacts.map((a) => (a.id === target.id ? next : a)) };
          }
          const added = [...loudKeys(snap)].filter((k) => !baseline.has(k));
          expect(added, changed.join('; ')).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});
