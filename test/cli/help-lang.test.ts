/**
 * Help in the run's language: every command's `--help` with `--lang ja` is Japanese —
 * commander's own titles and default notes, the help option, and every one of our descriptions —
 * and English help has no Japanese left in it. The command tree is walked from the help itself,
 * so a command added later is covered without editing this test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, sdnDoctor } from './built.js';

const JAPANESE = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;

/** The items (`  term  description`) of each section of a help page, keyed by section title. */
function items(help: string): { section: string; term: string; description: string }[] {
  const out: { section: string; term: string; description: string }[] = [];
  let section = '';
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) section = line;
    const m = /^ {2}(\S.*?)\s{2,}(\S.*)$/.exec(line);
    if (section && m) out.push({ section, term: m[1]!, description: m[2]! });
  }
  return out;
}

/** Every command path, from the `Commands:` section of each help page (English). */
async function commandPaths(path: string[] = []): Promise<string[][]> {
  const r = await sdnDoctor([...path, '--help']);
  const subs = items(r.stdout)
    .filter((i) => i.section === 'Commands:')
    .map((i) => i.term.split(' ')[0]!)
    .filter((name) => name !== 'help');
  const nested = await Promise.all(subs.map((s) => commandPaths([...path, s])));
  return [path, ...nested.flat()];
}

describe('help in the run language (built binary)', () => {
  let paths: string[][] = [];
  beforeAll(async () => {
    await buildOnce();
    paths = await commandPaths();
  }, 300_000);

  it('walks the whole command tree', () => {
    const names = paths.map((p) => p.join(' '));
    expect(names).toEqual(expect.arrayContaining(['', 'analyze', 'lab fault on', 'trace', 'matrix']));
    expect(names.length).toBeGreaterThanOrEqual(14);
  });

  it('--lang ja: titles, defaults, help option and every description are Japanese', async () => {
    for (const path of paths) {
      const where = path.join(' ') || '(program)';
      const r = await sdnDoctor([...path, '--help', '--lang', 'ja']);
      expect(r.code, where).toBe(0);
      expect(r.stdout, where).toMatch(/^使い方: sdn-doctor/);
      expect(r.stdout, where).not.toMatch(/Usage:|Options:|Commands:|Arguments:|\(default:|display help/);
      const list = items(r.stdout);
      expect(list.length, where).toBeGreaterThan(0);
      for (const item of list) expect(item.description, `${where}: ${item.term}`).toMatch(JAPANESE);
    }
  });

  it('English help has no Japanese text, and LANG=ja_JP.UTF-8 gives the Japanese help too', async () => {
    for (const path of paths) {
      const r = await sdnDoctor([...path, '--help']);
      expect(r.stdout, path.join(' ')).not.toMatch(JAPANESE);
    }
    const byLocale = await sdnDoctor(['matrix', '--help'], { LANG: 'ja_JP.UTF-8' });
    expect(byLocale.stdout).toMatch(/^使い方: sdn-doctor matrix/);
  });

  it('Japanese lines wrap within the width and never start with closing punctuation', async () => {
    const r = await sdnDoctor(['--lang', 'ja', 'trace', '--help']);
    const stringWidth = (await import('string-width')).default;
    for (const line of r.stdout.split('\n')) {
      expect(stringWidth(line), line).toBeLessThanOrEqual(80);
      expect(line.trimStart(), line).not.toMatch(/^[、。）」]/);
    }
  });
});
