/**
 * Renders a diagnose result: the JSON contract (`-o json`) and the plain-text report (steps with
 * what ran, where, evidence and verdict; then the causes with object, evidence, fix and section).
 */
import { count, render, type Lang, type Msg, msg } from '../i18n/message.js';
import type { Cause, DiagnoseResult, StepResult } from '../diagnose/types.js';
import { terminalSafe as safe } from './sanitize.js';

export const SCHEMA_VERSION = 1;

/** The `-o json` document: field names are a contract (docs/diagnose.md): scripts read them. */
export function toJson(r: DiagnoseResult, lang: Lang): unknown {
  return {
    schemaVersion: SCHEMA_VERSION,
    url: r.url,
    ...(r.from !== undefined ? { from: r.from } : {}),
    verdict: {
      healthy: r.verdict.healthy,
      causes: r.verdict.causes.map((c) => ({
        fault: c.fault,
        section: c.section,
        ...(c.node ? { node: c.node } : {}),
        ...(c.nodes ? { nodes: c.nodes } : {}),
        ...(c.pod ? { pod: c.pod } : {}),
        ...(c.service ? { service: c.service } : {}),
        ...(c.route ? { route: c.route } : {}),
        summary: render(c.summary, lang),
        fix: render(c.fix, lang),
        evidence: c.evidence.map((e) => render(e, lang)),
      })),
      unchecked: r.verdict.unchecked.map((u) => ({
        step: u.step,
        reason: render(u.reason, lang),
        ...(u.hiddenBy ? { hiddenBy: u.hiddenBy } : {}),
      })),
    },
    steps: r.steps.map((s) => ({
      id: s.id,
      section: s.section,
      title: render(s.title, lang),
      status: s.status,
      ran: s.ran.map((x) => ({ where: x.where, argv: x.argv })),
      evidence: s.evidence.map((e) => render(e, lang)),
      verdict: render(s.verdict, lang),
      durationMs: s.durationMs,
    })),
    durationMs: r.durationMs,
  };
}

/** The guide's layers, parents of the steps in the tree (step id prefix → heading). */
const GROUPS: Readonly<Record<string, { section: string; title: Msg }>> = {
  external: { section: '3', title: msg('external access', 'クラスター外部からのアクセス') },
  failover: { section: '12', title: msg('IP failover (virtual IP)', 'IP フェイルオーバー (仮想 IP)') },
  router: { section: '4', title: msg('router', 'ルーター') },
  service: { section: '5', title: msg('service', 'サービス') },
  nodes: { section: '6', title: msg('node to node', 'ノード間通信') },
  local: { section: '7', title: msg('local network on the nodes', 'ノードのローカルネットワーク') },
  mtu: { section: '8', title: msg('virtual network (MTU)', '仮想ネットワーク (MTU)') },
  'egress-dns': { section: '9', title: msg('pod egress', 'Pod の Egress') },
  logs: { section: '10', title: msg('logs', 'ログ') },
  'kube-proxy': { section: '11', title: msg('Kubernetes (kube-proxy)', 'Kubernetes (kube-proxy)') },
};

/** The heading line of a step's layer when it differs from the previous step's, else undefined. */
export function groupHeading(id: string, previousId: string | undefined, lang: Lang): string | undefined {
  const g = id.split('.')[0]!;
  if (previousId !== undefined && previousId.split('.')[0] === g) return undefined;
  const def = GROUPS[g];
  return def ? `§${def.section} ${render(def.title, lang)}` : undefined;
}

const MARK: Record<StepResult['status'], string> = { pass: '✔', fail: '✖', unknown: '?', skipped: '-' };

/** One step as text lines (also used by the live renderer when a step ends). */
export function stepLines(s: StepResult, lang: Lang, verbose = true): string[] {
  const head = `  ${MARK[s.status]} §${safe(s.section)} ${safe(render(s.title, lang))} — ${safe(render(s.verdict, lang))} (${s.durationMs} ms)`;
  if (!verbose) return [head];
  const lines = [head];
  const ran = dedupeRan(s);
  for (const x of ran.slice(0, 8)) lines.push(`    $ [${safe(x.where)}] ${safe(x.argv.join(' '))}`);
  if (ran.length > 8)
    lines.push(`    … ${ran.length - 8} ${lang === 'ja' ? '件のコマンド' : 'more commands'}`);
  for (const e of s.evidence.slice(0, 10)) lines.push(`    │ ${safe(render(e, lang))}`);
  if (s.evidence.length > 10)
    lines.push(`    │ … ${s.evidence.length - 10} ${lang === 'ja' ? '行' : 'more lines'}`);
  return lines;
}

function dedupeRan(s: StepResult): { where: string; argv: readonly string[] }[] {
  const seen = new Set<string>();
  return s.ran.filter((x) => {
    const k = `${x.where} ${x.argv.join(' ')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function causeLines(c: Cause, i: number, lang: Lang): string[] {
  const obj = [
    c.nodes && c.nodes.length > 1 ? `nodes ${safe(c.nodes.join(', '))}` : c.node && `node ${safe(c.node)}`,
    c.pod && `pod ${safe(c.pod)}`,
    c.service && `service ${safe(c.service)}`,
    c.route && `route ${safe(c.route)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const lines = [
    `${i + 1}. [${safe(c.fault)}] §${safe(c.section)}${obj ? ` (${obj})` : ''}`,
    `   ${safe(render(c.summary, lang))}`,
  ];
  for (const e of c.evidence.slice(0, 6))
    lines.push(`   ${lang === 'ja' ? '根拠' : 'evidence'}: ${safe(render(e, lang))}`);
  lines.push(`   ${lang === 'ja' ? '対処' : 'fix'}: ${safe(render(c.fix, lang))}`);
  return lines;
}

/** The verdict block. */
export function verdictLines(r: DiagnoseResult, lang: Lang): string[] {
  const v = r.verdict;
  const out: string[] = [];
  // issue 15: with --from, the verdict names where the probes started
  const url = safe(r.from !== undefined ? `${r.from} → ${r.url}` : r.url);
  if (v.causes.length === 0 && v.unchecked.length === 0) {
    out.push(
      render(
        msg(
          `VERDICT: healthy — ${url} works through every layer checked.`,
          `判定: 正常 — ${url} は確認したすべての層で正常です。`,
        ),
        lang,
      ),
    );
  } else if (v.causes.length > 0) {
    out.push(
      render(
        msg(`VERDICT: ${count(v.causes.length, 'root cause')} found`, `判定: 根本原因 ${v.causes.length} 件`),
        lang,
      ),
    );
    v.causes.forEach((c, i) => out.push(...causeLines(c, i, lang)));
  } else {
    out.push(
      render(
        msg(
          'VERDICT: no cause found, but not everything could be checked',
          '判定: 原因は見つかりませんでしたが、確認できなかった項目があります',
        ),
        lang,
      ),
    );
  }
  if (v.unchecked.length > 0) {
    out.push(render(msg('Could not be checked:', '確認できなかった項目:'), lang));
    // One line per reason: an unreachable API (or one unknown path) names its dependent steps once.
    const byReason = new Map<string, string[]>();
    for (const u of v.unchecked) {
      const reason = render(u.reason, lang);
      byReason.set(reason, [...(byReason.get(reason) ?? []), u.step]);
    }
    for (const [reason, steps] of byReason)
      out.push(
        steps.length === 1
          ? `  - ${safe(steps[0]!)}: ${safe(reason)}`
          : `  - ${safe(reason)}\n      ${render(msg('steps', 'ステップ'), lang)}: ${steps.map(safe).join(', ')}`,
      );
  }
  return out;
}

export function renderText(r: DiagnoseResult, lang: Lang): string {
  const lines = r.steps.flatMap((s, i) => {
    const h = groupHeading(s.id, r.steps[i - 1]?.id, lang);
    return [...(h ? [h] : []), ...stepLines(s, lang)];
  });
  return [...lines, '', ...verdictLines(r, lang)].join('\n') + '\n';
}
