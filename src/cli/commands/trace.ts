/**
 * `sdn-doctor trace` (issue 5): follows one packet hop by hop through br0's OpenFlow tables,
 * iptables, routes and the VXLAN tunnel, offline from a bundle, or from a lab it collects first.
 * Prints the hops as text (en/ja labels) or the contract JSON
 * `{ schemaVersion, disposition, hops: [{ node, steps: [{ kind, table?, rule?, action }] }] }`.
 * Exit code 0 when the packet arrives, 1 when it does not (or cannot be told), 2 on usage errors.
 */
import type { Command } from 'commander';
import {
  ClusterDataplane,
  DATAPLANE_SCHEMA_VERSION,
  resolveSource,
  resolveTarget,
  stepAction,
  SUCCESS_DISPOSITIONS,
} from '../../dataplane/index.js';
import type { Trace } from '../../dataplane/index.js';
import { DISPOSITION_TEXT, endpointText, stepWhere, TRACE_WORDS } from '../../report/trace-text.js';
import { render, type Lang, type Msg } from '../../i18n/message.js';
import { renderTraceHtml } from '../../report/html/index.js';
import { jsonText, terminalSafe as safe } from '../../report/sanitize.js';
import { oneOf, UsageError } from '../errors.js';
import { HTML_OPTION, modelSourceName, runInfo, writeHtmlFile } from '../html.js';
import {
  loadClusterModel,
  resolveLang,
  withModelSourceOptions,
  type ModelSourceOptions,
} from '../sources.js';

interface TraceCliOptions extends ModelSourceOptions {
  from: string;
  to: string;
  proto?: string;
  output: string;
  lang?: string;
  html?: string;
}

/** The trace as the contract JSON; each step's `action` is a string in `lang` (default English). */
export function traceToJson(t: Trace, withVersion = true, lang: Lang = 'en'): Record<string, unknown> {
  return {
    ...(withVersion ? { schemaVersion: DATAPLANE_SCHEMA_VERSION } : {}),
    disposition: t.disposition,
    ...(t.deliveredTo ? { deliveredTo: t.deliveredTo } : {}),
    ...(t.cause ? { cause: t.cause } : {}),
    hops: t.hops.map((h) => ({
      node: h.node,
      steps: h.steps.map((s) => {
        const { message: _both, ...plain } = s;
        return { ...plain, action: stepAction(s, lang) };
      }),
    })),
    ...(t.alternatives ? { alternatives: t.alternatives.map((a) => traceToJson(a, false, lang)) } : {}),
  };
}

/** Terminal rendering: one block per hop, one line per step, then the verdict. */
export function renderTraceText(t: Trace, lang: Lang, title: string): string {
  const L = (m: Msg): string => safe(render(m, lang));
  const lines = [safe(title)];
  const block = (tr: Trace, indent: string): void => {
    for (const h of tr.hops) {
      lines.push(`${indent}${L(TRACE_WORDS.node)} ${safe(h.node)}`);
      for (const s of h.steps) {
        const where = safe(stepWhere(s));
        lines.push(
          `${indent}  ${where.padEnd(26)} ${s.rule ? `${safe(s.rule)}\n${indent}  ${''.padEnd(26)} → ` : ''}${safe(stepAction(s, lang))}`,
        );
      }
    }
    const verdict = `${L(DISPOSITION_TEXT[tr.disposition])}${tr.deliveredTo ? `: ${safe(endpointText(tr.deliveredTo))}` : ''}`;
    lines.push(`${indent}${L(TRACE_WORDS.result)}: ${verdict}`);
    if (tr.cause) lines.push(`${indent}${L(TRACE_WORDS.cause)}: ${L(tr.cause.message)}`);
  };
  block(t, '');
  (t.alternatives ?? []).forEach((a, i) => {
    lines.push('', `${L(TRACE_WORDS.alternative)} ${i + 1}:`);
    block(a, '  ');
  });
  return lines.join('\n') + '\n';
}

async function runTrace(opts: TraceCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  oneOf(opts.output, ['text', 'json', 'html'] as const, '-o/--output');
  const model = await loadClusterModel(opts);
  const source = resolveSource(model, opts.from);
  if (!source.ok) throw new UsageError(source.error.en, source.error.ja);
  const target = resolveTarget(model, opts.to, opts.proto);
  if (!target.ok) throw new UsageError(target.error.en, target.error.ja);
  const trace = new ClusterDataplane(model).trace(source.value, target.value);
  const page = (): string =>
    renderTraceHtml(
      trace,
      `${opts.from} → ${opts.to}`,
      traceToJson(trace, true, lang),
      lang,
      runInfo(modelSourceName(opts)),
    );
  if (opts.output === 'json') process.stdout.write(jsonText(traceToJson(trace, true, lang)) + '\n');
  else if (opts.output === 'html') process.stdout.write(page());
  else process.stdout.write(renderTraceText(trace, lang, `trace ${opts.from} → ${opts.to}`));
  if (opts.html) await writeHtmlFile(opts.html, page(), lang);
  return SUCCESS_DISPOSITIONS.has(trace.disposition) ? 0 : 1;
}

export function registerTrace(program: Command): void {
  withModelSourceOptions(program.command('trace'))
    .description(
      "follow one packet through br0's tables, iptables, routes and VXLAN, offline (like ofproto/trace across the cluster)",
    )
    .requiredOption('--from <source>', 'pod/NS/NAME, node/NAME or external')
    .requiredOption('--to <target>', 'pod/NS/NAME[:PORT], svc/NS/NAME:PORT, node/NAME[:PORT] or IP[:PORT]')
    .option('--proto <proto>', 'tcp, udp or icmp (default: the port protocol, else tcp)')
    .option('-o, --output <format>', 'text, json or html', 'text')
    .option(...HTML_OPTION)
    .option('--lang <lang>', 'en or ja (default from LANG)')
    .action(async (opts: TraceCliOptions) => {
      process.exitCode = await runTrace(opts);
    });
}
