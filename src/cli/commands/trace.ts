/**
 * `sdn-doctor trace`: follows one packet hop by hop through br0's OpenFlow tables,
 * iptables, routes and the VXLAN tunnel, offline from a bundle, or from a lab it collects first.
 * Prints the hops as text (en/ja labels) or the contract JSON
 * `{ schemaVersion, disposition, hops: [{ node, steps: [{ kind, table?, rule?, action }] }] }`.
 * Exit code 0 when the packet arrives, 1 when it does not (or cannot be told), 2 on usage errors.
 */
import type { Command } from 'commander';
import { msg } from '../../i18n/message.js';
import { colorFor, noColorOption } from '../colour.js';
import { UsageError } from '../errors.js';
import type { Say } from '../help.js';
import { htmlOption, modelSourceName, runInfo, writeHtmlFile } from '../html.js';
import { langOption, resolveLang } from '../lang.js';
import { withModelSourceOptions, type ModelSourceOptions } from '../model-options.js';
import { chooseReporter, withOutputOption } from '../output.js';

interface TraceCliOptions extends ModelSourceOptions {
  from: string;
  to: string;
  proto?: string;
  output: string;
  lang?: string;
  html?: string;
  color: boolean;
}

async function runTrace(opts: TraceCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const reporter = await chooseReporter('trace', opts.output);
  const [{ resolveSource, resolveTarget, SUCCESS_DISPOSITIONS }, { loadClusterDataplane }] =
    await Promise.all([import('../../dataplane/index.js'), import('../sources.js')]);
  const dataplane = await loadClusterDataplane(opts);
  const model = dataplane.model;
  const source = resolveSource(model, opts.from);
  if (!source.ok) throw new UsageError(source.error.en, source.error.ja);
  const target = resolveTarget(model, opts.to, opts.proto);
  if (!target.ok) throw new UsageError(target.error.en, target.error.ja);
  const trace = dataplane.trace(source.value, target.value);
  const input = { trace, from: opts.from, to: opts.to };
  const run = runInfo(modelSourceName(opts));
  process.stdout.write(reporter(input, { lang, color: colorFor(process.stdout, opts.color), run }));
  if (opts.html)
    await writeHtmlFile(
      opts.html,
      (await chooseReporter('trace', 'html'))(input, { lang, color: false, run }),
      lang,
    );
  return SUCCESS_DISPOSITIONS.has(trace.disposition) ? 0 : 1;
}

export function registerTrace(program: Command, say: Say): void {
  withOutputOption(withModelSourceOptions(program.command('trace'), say), 'trace', say)
    .description(
      say(
        msg(
          "follow one packet through br0's tables, iptables, routes and VXLAN, offline (like ofproto/trace across the cluster)",
          '1 つのパケットを br0 のテーブル、iptables、ルート、VXLAN に沿ってオフラインで追跡します（クラスター全体にわたる ofproto/trace のように）',
        ),
      ),
    )
    .requiredOption(
      '--from <source>',
      say(msg('pod/NS/NAME, node/NAME or external', 'pod/NS/NAME、node/NAME または external')),
    )
    .requiredOption(
      '--to <target>',
      say(
        msg(
          'pod/NS/NAME[:PORT], svc/NS/NAME:PORT, node/NAME[:PORT] or IP[:PORT]',
          'pod/NS/NAME[:PORT]、svc/NS/NAME:PORT、node/NAME[:PORT] または IP[:PORT]',
        ),
      ),
    )
    .option(
      '--proto <proto>',
      say(
        msg(
          'tcp, udp or icmp (default: the port protocol, else tcp)',
          'tcp、udp または icmp（既定: ポートのプロトコル、なければ tcp）',
        ),
      ),
    )
    .option(...htmlOption(say))
    .option(...langOption(say))
    .option(...noColorOption(say))
    .action(async (opts: TraceCliOptions) => {
      process.exitCode = await runTrace(opts);
    });
}
