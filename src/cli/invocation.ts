/**
 * What is known before commander parses anything: the run's language (`--lang` wins over the
 * locale, so even a parse error is in it) and the name the tool was called by (`kubectl
 * sdn-doctor` through the kubectl-sdn_doctor plugin binary).
 */
import { basename } from 'node:path';
import type { Lang } from '../i18n/message.js';
import { localeLang } from './lang.js';

/** `--lang ja` / `--lang=ja` anywhere before `--`; an unknown value falls back to the locale (the option's own check reports it). */
export function earlyLang(argv: readonly string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const value =
      a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (value === 'en' || value === 'ja') return value;
  }
  return localeLang();
}

/** `kubectl-sdn_doctor` → `kubectl sdn-doctor`, `oc-sdn_doctor` → `oc sdn-doctor`, else `sdn-doctor`. */
export function invokedName(script: string | undefined): string {
  const base = basename(script ?? '').replace(/\.(js|ts|cjs|mjs)$/, '');
  const plugin = /^(kubectl|oc)-sdn_doctor$/.exec(base);
  return plugin ? `${plugin[1]} sdn-doctor` : 'sdn-doctor';
}
