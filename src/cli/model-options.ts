/** The options that say where trace and matrix read a cluster from (declared without loading it). */
import type { Command } from 'commander';

/** What loadClusterModel reads: bundles (every `--bundle` given, merged), or a cluster to collect from first. */
export interface ModelSourceOptions {
  bundle?: readonly string[];
  lab?: string;
  kubeconfig?: string;
  context?: string;
  nodeShell?: string;
  sshUser?: string;
}

/** The options of loadClusterModel, for the commands that work on a model (trace, matrix). */
export function withModelSourceOptions(command: Command): Command {
  return (
    command
      // Repeatable, as `analyze PATH...` takes several inputs (issue 13): a must-gather plus one
      // sosreport per node are one cluster; commander keeps only the last value of a plain option.
      .option(
        '--bundle <path>',
        'a snapshot bundle (directory or .tar.gz), must-gather, sosreport…; repeat it to merge several inputs',
        (value: string, previous: readonly string[] = []) => [...previous, value],
      )
      .option('--lab <name>', 'collect from a running lab first')
      .option(
        '--kubeconfig <file>',
        'collect from a live cluster first (default: KUBECONFIG, ~/.kube/config)',
      )
      .option('--context <name>', 'kubeconfig context')
      .option(
        '--node-shell <kind>',
        'how to run commands on nodes: pod-exec, debug-pod, ssh, local, lab:NAME',
      )
      .option('--ssh-user <user>', 'user for --node-shell ssh')
  );
}
