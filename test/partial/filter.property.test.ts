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
import { apiListFromText } from '../../src/sources/bundle/import/api-text.js';
import { stringify } from 'yaml';
import type { ApiResource } from '../../src/artifacts/types.js';

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

/**
 * A terminal that wrapped long lines at its width (a copy from a console or `script` log): each
 * line longer than the width continues on the next line. No argv says so; the content must.
 */
const terminalWrap: Filter = (a, _pick, amount) => {
  const width = 40 + (amount % 80);
  const ls = lines(a.text);
  if (!ls.some((l) => l.length > width)) return undefined;
  const wrapped = ls.flatMap((l) => {
    const parts: string[] = [];
    for (let at = 0; at < l.length || at === 0; at += width) parts.push(l.slice(at, at + width));
    return parts;
  });
  return { ...a, text: joined(wrapped) };
};

/** The shell prompt and command line pasted with the output (`[root@node-1 ~]# ip route`). */
const pastedPrompt: Filter = (a, pick) => {
  const prompt = [`[root@${a.node} ~]# `, `sh-4.4# `, `$ `][pick % 3] as string;
  const ls = lines(a.text);
  const tail = pick % 2 === 0 ? [prompt] : []; // the next prompt, copied with the output
  return { ...a, text: joined([`${prompt}${a.argv.join(' ')}`, ...ls, ...tail]) };
};

/** Each filter and the kinds it is a way of capturing (undefined: any kind). */
const FILTERS: readonly (readonly [string, Filter, (readonly string[])?])[] = [
  ['flow tables', flowTables, ['ovs-flows']],
  ['iptables -t', iptablesTable, ['iptables-save']],
  ['grep', grepWord],
  ['head', head],
  ['journal tail', journalTail, ['node-journal']],
  ['cut mid-line', cutMidLine],
  ['terminal wrap', terminalWrap],
  ['pasted prompt', pastedPrompt],
];

/**
 * Kind × filter pairs that cannot apply to the lab's outputs, checked to stay so: `sysctl
 * net.ipv4.ip_forward` is one line (no `head` of it), and these kinds have no line as long as the
 * narrowest terminal tried (40 columns), so nothing wraps.
 */
const NOT_APPLICABLE = new Set<string>([
  'sysctl head',
  'sysctl terminal wrap',
  'ovs-list-br terminal wrap',
  'ovs-ports terminal wrap',
  'resolv-conf terminal wrap',
]);

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

  /**
   * Every artifact kind of the bundle under every filter: targets are drawn among the artifacts of
   * one kind, so no kind is left to chance.
   */
  const KINDS = [
    'ip-addr',
    'ip-route',
    'sysctl',
    'ovs-list-br',
    'ovs-show',
    'ovs-ports',
    'ovs-flows',
    'iptables-save',
    'iptables-nat-list',
    'resolv-conf',
    'node-config',
    'node-journal',
  ] as const;

  it('the kinds listed are every node artifact kind of the bundle', () => {
    expect([...new Set(nodeArtifacts.map((a) => a.kind))].sort()).toEqual([...KINDS].sort());
  });

  describe.each(KINDS)('%s', (kind) => {
    const applicable = FILTERS.filter(([, , kinds]) => !kinds || kinds.includes(kind)).map(
      ([name, filter]): [string, Filter] => [name, filter],
    );
    it.each(applicable)('%s', (_name, filter) => {
      const targets = nodeArtifacts.filter((a) => a.kind === kind);
      let applied = 0;
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
              const target = targets[(which + k) % targets.length] as Artifact;
              const next = filter(target, pick + k, amount + k * 13);
              if (!next) continue;
              applied++;
              changed.push(`${target.id} ${next.argv.join(' ')}`);
              snap = { ...snap, artifacts: snap.artifacts.map((a) => (a.id === target.id ? next : a)) };
            }
            const added = [...loudKeys(snap)].filter((k) => !baseline.has(k));
            expect(added, changed.join('; ')).toEqual([]);
          },
        ),
        { numRuns: 6 },
      );
      // a filter that never applied tested nothing: said in NOT_APPLICABLE, not hidden
      expect(applied === 0, `${kind} ${_name} applied ${applied} times`).toBe(
        NOT_APPLICABLE.has(`${kind} ${_name}`),
      );
    });
  });

  /**
   * API lists as `oc get <resource> -o yaml` writes them (what a must-gather, debug.sh's `master/`
   * and NetworkCheck hold), cut after a random line (a partial copy, a full disk): read through
   * the importers' reader, a cut list never reads as "these are all the objects".
   */
  it('every API list, cut after any line of its `oc get -o yaml` text', () => {
    const resources = (Object.keys(whole.api) as ApiResource[]).filter((r) => whole.api[r]?.ok);
    expect(resources.length).toBeGreaterThanOrEqual(10);
    for (const resource of resources) {
      const list = whole.api[resource];
      if (!list?.ok) continue;
      const text = stringify({
        apiVersion: 'v1',
        items: list.items,
        kind: 'List',
        metadata: { resourceVersion: '' },
      });
      const ls = lines(text);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: ls.length - 1 }), (keep) => {
          const cut = joined(ls.slice(0, keep));
          const read = apiListFromText(`${resource}.yaml`, cut).list;
          const snap = { ...whole, api: { ...whole.api, [resource]: read } };
          const added = [...loudKeys(snap)].filter((k) => !baseline.has(k));
          expect(added, `${resource} cut after line ${keep} of ${ls.length}`).toEqual([]);
        }),
        { numRuns: 8 },
      );
    }
  });
});
