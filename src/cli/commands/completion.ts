/**
 * `sdn-doctor completion bash|zsh|fish`: a completion script for the shell, generated from the
 * commands and options commander knows (nothing typed twice). Install as kubectl's:
 * `source <(sdn-doctor completion bash)`; zsh: `source <(sdn-doctor completion zsh)`; fish:
 * `sdn-doctor completion fish | source`.
 */
import type { Command } from 'commander';
import { msg } from '../../i18n/message.js';
import { oneOf } from '../errors.js';
import type { Say } from '../help.js';

/** Every command path (`analyze`, `lab fault inject` …) with its flags and subcommands. */
interface Entry {
  readonly path: string;
  readonly subcommands: readonly string[];
  readonly flags: readonly string[];
}

function entries(cmd: Command, prefix: string[] = []): Entry[] {
  const flags = cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
  const subs = cmd.commands.map((c) => c.name());
  const here: Entry = { path: prefix.join(' '), subcommands: subs, flags: [...flags, '--help'] };
  return [here, ...cmd.commands.flatMap((c) => entries(c, [...prefix, c.name()]))];
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(list: readonly Entry[]): string {
  const cases = list
    .map((e) => `    ${quote(e.path)}) words=${quote([...e.subcommands, ...e.flags].join(' '))} ;;`)
    .join('\n');
  return `# bash completion for sdn-doctor (source <(sdn-doctor completion bash))
_sdn_doctor() {
  local cur path="" w words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in -*) ;; *) if [[ -n "$(_sdn_doctor_words "\${path:+$path }$w")" ]]; then path="\${path:+$path }$w"; fi ;; esac
  done
  words="$(_sdn_doctor_words "$path")"
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
}
_sdn_doctor_words() {
  local words=""
  case "$1" in
${cases}
  esac
  printf '%s' "$words"
}
complete -F _sdn_doctor sdn-doctor kubectl-sdn_doctor oc-sdn_doctor
`;
}

function zsh(list: readonly Entry[]): string {
  return `#compdef sdn-doctor kubectl-sdn_doctor oc-sdn_doctor
# zsh completion for sdn-doctor (source <(sdn-doctor completion zsh))
autoload -U +X bashcompinit && bashcompinit
${bash(list)}`;
}

function fish(list: readonly Entry[]): string {
  const lines = ['# fish completion for sdn-doctor (sdn-doctor completion fish | source)'];
  for (const e of list) {
    const words = e.path ? e.path.split(' ') : [];
    const seen = words.map((w) => `__fish_seen_subcommand_from ${w}`).join('; and ');
    const cond = words.length ? seen : '__fish_use_subcommand';
    for (const s of e.subcommands) lines.push(`complete -c sdn-doctor -n ${quote(cond)} -f -a ${quote(s)}`);
    for (const f of e.flags) {
      const opt = f.startsWith('--') ? `-l ${quote(f.slice(2))}` : `-s ${quote(f.slice(1))}`;
      lines.push(`complete -c sdn-doctor -n ${quote(cond)} ${opt}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function registerCompletion(program: Command, say: Say): void {
  program
    .command('completion')
    .description(
      say(
        msg(
          'print a completion script: bash, zsh or fish (source <(sdn-doctor completion bash))',
          '補完スクリプトを出力します: bash、zsh または fish（source <(sdn-doctor completion bash)）',
        ),
      ),
    )
    .argument('<shell>', say(msg('bash, zsh or fish', 'bash、zsh または fish')))
    .action((shell: string) => {
      const which = oneOf(shell, ['bash', 'zsh', 'fish'] as const, 'completion');
      const list = entries(program);
      process.stdout.write({ bash, zsh, fish }[which](list));
    });
}
