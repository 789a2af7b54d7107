/**
 * `-n/--namespace` (repeatable) and `-A/--all-namespaces`, as kubectl declares them, for the
 * commands that can be narrowed to namespaces (collect's API objects, matrix's pairs).
 */
import type { Command } from 'commander';
import { msg, type Msg } from '../i18n/message.js';
import { UsageError } from './errors.js';
import type { Say } from './help.js';

export interface NamespaceCliOptions {
  readonly namespace: string[];
  readonly allNamespaces?: boolean;
}

/** Declares -n (with what it narrows, in both languages) and -A. */
export function withNamespaceOptions(command: Command, say: Say, narrows: Msg): Command {
  return command
    .option(
      '-n, --namespace <namespace>',
      say(narrows),
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('-A, --all-namespaces', say(msg('every namespace (the default)', 'すべての名前空間（既定）')));
}

/** The namespaces asked for (undefined: all), or a usage error for -n with -A or a name that is no namespace. */
export function chosenNamespaces(opts: NamespaceCliOptions): string[] | undefined {
  if (opts.allNamespaces && opts.namespace.length)
    throw new UsageError(
      '-n/--namespace and -A/--all-namespaces cannot be used together',
      '-n/--namespace と -A/--all-namespaces は同時に指定できません',
    );
  // A namespace name is a DNS-1123 label (Kubernetes' own rule): anything else is a typo, never a path.
  const bad = opts.namespace.find((ns) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns));
  if (bad !== undefined)
    throw new UsageError(
      `not a namespace name: ${JSON.stringify(bad)} (lower-case letters, digits and '-', at most 63)`,
      `名前空間名ではありません: ${JSON.stringify(bad)}（小文字、数字、'-' の 63 文字以内）`,
    );
  return opts.namespace.length ? [...opts.namespace] : undefined;
}
