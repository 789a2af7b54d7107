/**
 * Every message a person reads exists in Japanese: the test walks every `msg(en, ja)` call and
 * every `{ en, ja }` literal in src/ (TypeScript's parser, not a regex) and fails on a Japanese
 * text that is empty or the English one unchanged. Names and commands that read the same in both
 * languages are allow-listed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const SRC = join(ROOT, 'src');

/**
 * Texts that are the same in Japanese: product and protocol names, ids, numbers and symbols, and a
 * tool's own output quoted after its name (`dig: ${}`).
 */
const SAME_IN_BOTH = [
  /^[\s\d\p{P}\p{S}]*$/u,
  /^(IP|ARP|ICMP|TCP|UDP|VXLAN|OVS|MTU|DNS|API|SDN|HostSubnet|Kubernetes \(kube-proxy\)|[a-z0-9._/-]+)$/,
  /^[a-z]+: \$\{\}$/,
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The text of a string or template literal (template holes as `${}`), else undefined. */
function literal(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((s) => `\${}${s.literal.text}`).join('');
  return undefined;
}

interface Pair {
  readonly where: string;
  readonly en: string;
  readonly ja: string;
}

function pairs(): Pair[] {
  const out: Pair[] = [];
  for (const file of files(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node): string =>
      `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'msg') {
        const [en, ja] = [literal(n.arguments[0]), literal(n.arguments[1])];
        if (en !== undefined && ja !== undefined) out.push({ where: where(n), en, ja });
      }
      if (ts.isObjectLiteralExpression(n)) {
        const prop = (name: string): string | undefined => {
          const p = n.properties.find(
            (x): x is ts.PropertyAssignment =>
              ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && x.name.text === name,
          );
          return literal(p?.initializer);
        };
        const [en, ja] = [prop('en'), prop('ja')];
        if (en !== undefined && ja !== undefined) out.push({ where: where(n), en, ja });
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return out;
}

describe('message catalogue', () => {
  const all = pairs();

  it('finds the messages (the walk itself works) and would flag an untranslated one', () => {
    const untranslated = { en: 'route missing', ja: 'route missing' };
    expect(SAME_IN_BOTH.some((re) => re.test(untranslated.en))).toBe(false);
    expect(all.length).toBeGreaterThan(300);
    expect(all.some((p) => p.en === 'No problems found.' && p.ja === '問題は見つかりませんでした。')).toBe(
      true,
    );
  });

  it('has a Japanese text for every message, not empty and not the English one', () => {
    const bad = all
      .filter(
        (p) =>
          (p.ja.trim() === '' && p.en.trim() !== '') ||
          (p.ja === p.en && p.en !== '' && !SAME_IN_BOTH.some((re) => re.test(p.en))),
      )
      .map((p) => `${p.where}: ${JSON.stringify(p.en)} → ${JSON.stringify(p.ja)}`);
    expect(bad).toEqual([]);
  });

  it('English counts say the number: no "finding(s)" left (count()/noun() pick the form)', () => {
    const bad = all.filter((p) => /[a-z]\(s\)/.test(p.en.replace(/https?\(s\)|http\(s\)/g, '')));
    expect(bad.map((p) => `${p.where}: ${p.en}`)).toEqual([]);
  });
});
