/** The options that say where trace and matrix read a cluster from (declared without loading it). */
import type { Command } from 'commander';
import { msg } from '../i18n/message.js';
import type { Say } from './help.js';
import { NODE_SHELL_KINDS } from '../sources/node-shell.js';

/** What loadClusterModel and loadClusterDataplane read (library type): bundles, merged like analyze's inputs, or a cluster. */
export type { ModelSourceOptions } from '../sources/choose.js';

/** The options of loadClusterDataplane, for the commands that work on a model (trace, matrix). */
export function withModelSourceOptions(command: Command, say: Say): Command {
  command
    .option(
      '--bundle <path>',
      say(
        msg(
          'a snapshot bundle (directory or .tar.gz), must-gather, sosreport…; repeat it to merge several inputs',
          'スナップショットのバンドル（ディレクトリまたは .tar.gz）、must-gather、sosreport など。繰り返すと複数の入力を 1 つに統合します',
        ),
      ),
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--lab <name>', say(msg('collect from a running lab first', '先に稼働中のラボから収集します')));
  return withClusterOptions(command, say, true);
}

/**
 * How a live cluster is reached: --kubeconfig, --context, --node-shell, --ssh-user (collect,
 * diagnose, and trace/matrix when they collect first).
 */
export function withClusterOptions(command: Command, say: Say, collectFirst = false): Command {
  return command
    .option(
      '--kubeconfig <file>',
      say(
        collectFirst
          ? msg(
              'collect from a live cluster first (default: KUBECONFIG, ~/.kube/config)',
              '先に稼働中のクラスターから収集します（既定: KUBECONFIG、~/.kube/config）',
            )
          : msg(
              'kubeconfig file (default: KUBECONFIG, ~/.kube/config)',
              'kubeconfig ファイル（既定: KUBECONFIG、~/.kube/config）',
            ),
      ),
    )
    .option('--context <name>', say(msg('kubeconfig context', 'kubeconfig のコンテキスト')))
    .option(
      '--node-shell <kind>',
      say(
        msg(
          `how to run commands on nodes: ${NODE_SHELL_KINDS.join(', ')}`,
          `ノードでコマンドを実行する方法: ${NODE_SHELL_KINDS.join('、')}`,
        ),
      ),
    )
    .option('--ssh-user <user>', say(msg('user for --node-shell ssh', '--node-shell ssh で使うユーザー')));
}
