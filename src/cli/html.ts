/**
 * `-o html` and `--html FILE` (every command that takes `-o`): the run's header facts and where
 * the page goes (stdout, or a file with a note on stderr so a terminal run can write it too).
 */
import { writeFile } from 'node:fs/promises';
import { msg, type Lang } from '../i18n/message.js';
import type { Say } from './help.js';
import type { RunInfo } from '../report/html/index.js';
import { buildInfo } from './build-info.js';

export function runInfo(source: string): RunInfo {
  return { source, generatedAt: new Date().toISOString(), version: buildInfo().version };
}

/** Writes the page to `file`, telling stderr where it went. */
export async function writeHtmlFile(file: string, page: string, lang: Lang): Promise<void> {
  await writeFile(file, page, 'utf8');
  process.stderr.write(
    `${lang === 'ja' ? 'HTML レポートを書き込みました' : 'HTML report written'}: ${file}\n`,
  );
}

export function htmlOption(say: Say): [string, string] {
  return [
    '--html <file>',
    say(msg('also write the HTML report to this file', 'HTML レポートをこのファイルにも書き出します')),
  ];
}

/** What the header names as the run's source: the bundle, `lab:NAME`, or the kubeconfig context. */
export function modelSourceName(opts: {
  bundle?: string | readonly string[];
  lab?: string;
  context?: string;
  kubeconfig?: string;
}): string {
  if (typeof opts.bundle === 'string') return opts.bundle;
  if (opts.bundle?.length) return opts.bundle.join(' + ');
  if (opts.lab) return `lab:${opts.lab}`;
  return `cluster${opts.context ? ` (context ${opts.context})` : opts.kubeconfig ? ` (${opts.kubeconfig})` : ''}`;
}
