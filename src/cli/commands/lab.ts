/**
 * `sdn-doctor lab`: bring a real emulated openshift-sdn cluster up, break it, look at it, tear it
 * down (issue 3). The logic lives in src/lab; this file only parses options and prints.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { localeLang } from '../lang.js';

/** The lab code loads when a lab command runs (it is large and --help does not need it). */
const labModule = () => import('../../lab/index.js');

const lang = localeLang;
const say = (en: string, ja: string) => process.stdout.write(`${lang() === 'ja' ? ja : en}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

/** Lab errors become one-line usage errors (exit 2), in the user's language. */
async function guard(fn: (lab: Awaited<ReturnType<typeof labModule>>) => Promise<void>): Promise<void> {
  const lab = await labModule();
  const { LabError } = lab;
  try {
    await fn(lab);
  } catch (e) {
    if (e instanceof LabError) throw new UsageError(e.en, e.ja);
    throw e;
  }
}

/**
 * `lab up` starts the lab API server as a second Node process from server-main.js beside this code
 * (src/lab/api/lifecycle.ts); the single-file build has neither Node nor that file, so it says
 * where the lab runs from instead of failing on a missing file.
 */
async function refuseInSingleFile(): Promise<void> {
  const { isSea } = await import('node:sea');
  if (isSea())
    throw new UsageError(
      'the lab runs from a source checkout or the npm package, not from the single-file build (npm ci && npx sdn-doctor lab up)',
      'ラボは単一ファイル版では動きません。ソースのチェックアウトか npm パッケージから実行してください（npm ci && npx sdn-doctor lab up）',
    );
}

const intOpt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`not an integer: ${v}`, `整数ではありません: ${v}`);
  return n;
};

export function registerLab(program: Command): void {
  const lab = program
    .command('lab')
    .description('a real openshift-sdn cluster on this machine (root): up, fault, status, exec, down');

  lab
    .command('up')
    .description('build a lab: underlay, nodes with OVS, pods, services, router, DNS, API server')
    .option('--name <name>', 'lab name (prefixes namespaces and the run folder)', 'lab')
    .option('--nodes <n>', 'number of nodes (1-10)', intOpt, 3)
    .option('--pods-per-node <n>', 'pods per node', intOpt, 2)
    .option('--plugin <plugin>', 'subnet | multitenant', 'subnet')
    .action(async (o: { name: string; nodes: number; podsPerNode: number; plugin: string }) => {
      await refuseInSingleFile();
      return guard(async (L) => {
        if (o.plugin !== 'subnet' && o.plugin !== 'multitenant') {
          throw new UsageError(
            '--plugin must be subnet or multitenant',
            '--plugin は subnet か multitenant です',
          );
        }
        const t0 = Date.now();
        await L.upLab({ name: o.name, nodes: o.nodes, podsPerNode: o.podsPerNode, plugin: o.plugin }, note);
        const s = await L.loadLabStatus(o.name);
        if (s) process.stdout.write(L.formatStatus(s, lang()));
        say(
          `lab ${o.name} is up (${((Date.now() - t0) / 1000).toFixed(1)} s). Try: kubectl --kubeconfig ${L.labNames(o.name).kubeconfig} get pods -A -o wide`,
          `ラボ ${o.name} を起動しました（${((Date.now() - t0) / 1000).toFixed(1)} 秒）。例: kubectl --kubeconfig ${L.labNames(o.name).kubeconfig} get pods -A -o wide`,
        );
      });
    });

  lab
    .command('down')
    .description('stop everything a lab started and delete its namespaces and run folder')
    .option('--name <name>', 'lab name', 'lab')
    .option('--all', 'every lab, and leftovers of crashed labs')
    .action((o: { name: string; all?: boolean }) =>
      guard(async (L) => {
        const r = o.all ? await L.downAll() : await L.downLab(o.name);
        say(
          `stopped ${r.stopped} processes, deleted ${r.netns.length} namespaces`,
          `${r.stopped} 個のプロセスを停止し、${r.netns.length} 個の名前空間を削除しました`,
        );
      }),
    );

  lab
    .command('status')
    .description('what the lab is made of and which faults are on')
    .option('--name <name>', 'lab name', 'lab')
    .option('-o, --output <format>', 'json for the machine-readable LabStatus')
    .action((o: { name: string; output?: string }) =>
      guard(async (L) => {
        const s = await L.loadLabStatus(o.name);
        if (!s) throw new L.LabError(`no lab named "${o.name}" is up`, `ラボ "${o.name}" は起動していません`);
        process.stdout.write(
          o.output === 'json' ? `${JSON.stringify(s, null, 2)}\n` : L.formatStatus(s, lang()),
        );
      }),
    );

  lab
    .command('exec')
    .description('run any command in a node (node-1, 1), pod (ns/name), the client or the outside host')
    .option('--name <name>', 'lab name', 'lab')
    .argument('<where>', 'node name or number, pod as namespace/name, client, outside')
    .argument('<command...>', 'the command (put it after --)')
    .action((where: string, command: string[], o: { name: string }) =>
      guard(async (L) => {
        const state = await L.loadState(o.name);
        if (!state)
          throw new L.LabError(`no lab named "${o.name}" is up`, `ラボ "${o.name}" は起動していません`);
        const n = L.labNames(o.name);
        const node = state.spec.nodes.find((x) => x.name === where || String(x.index) === where);
        const { findByKey } = await import('../../model/object-key.js');
        const pod = findByKey(state.spec.pods, where);
        const netns =
          where === 'client' ? n.client : where === 'outside' ? n.outside : (node?.netns ?? pod?.netns);
        if (!netns)
          throw new L.LabError(
            `no node or pod "${where}" in lab ${o.name}`,
            `ラボ ${o.name} にノードまたは Pod "${where}" はありません`,
          );
        const envNode = node ?? (pod ? state.spec.nodes[pod.nodeIndex - 1] : undefined);
        // a person's command: any command, their choice (sdn-doctor itself only runs the fixed list)
        const child = spawn('ip', ['netns', 'exec', netns, ...command], {
          stdio: 'inherit',
          env: { ...process.env, ...(envNode ? L.ovsEnv(envNode) : {}) },
        });
        const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
        process.exitCode = code;
      }),
    );

  const fault = lab.command('fault').description('inject and remove the faults of the catalogue');
  fault
    .command('list')
    .description('every fault id, its guide section and what it does')
    .action(() =>
      guard(async (L) => {
        for (const f of L.faultList()) {
          process.stdout.write(`${f.id.padEnd(24)} §${f.section.padEnd(8)} ${f.description[lang()]}\n`);
        }
      }),
    );
  fault
    .command('on')
    .description('inject a fault for real')
    .argument('<id>', 'fault id (see lab fault list)')
    .option('--name <name>', 'lab name', 'lab')
    .option('--node <node>', 'node name or number')
    .option('--pod <pod>', 'pod as namespace/name')
    .option('--service <service>', 'service as namespace/name')
    .option('--route <route>', 'route as namespace/name')
    .action(
      (id: string, o: { name: string; node?: string; pod?: string; service?: string; route?: string }) =>
        guard(async (L) => {
          const f = await L.faultOn(o.name, id, o);
          const where = [
            f.node ? `node-${f.node}` : '',
            f.peer ? `peer node-${f.peer}` : '',
            f.pod ?? '',
            f.service ?? '',
            f.route ?? '',
          ]
            .filter(Boolean)
            .join(', ');
          say(
            `fault ${f.id} on${where ? ` (${where})` : ''}`,
            `障害 ${f.id} を有効にしました${where ? `（${where}）` : ''}`,
          );
        }),
    );
  fault
    .command('off')
    .description('remove a fault and restore health')
    .argument('<id>', 'fault id')
    .option('--name <name>', 'lab name', 'lab')
    .action((id: string, o: { name: string }) =>
      guard(async (L) => {
        const gone = await L.faultOff(o.name, id);
        if (gone.length === 0) say(`fault ${id} was not on`, `障害 ${id} は有効ではありませんでした`);
        else say(`fault ${id} off`, `障害 ${id} を解除しました`);
      }),
    );
  fault
    .command('clear')
    .description('remove every fault')
    .option('--name <name>', 'lab name', 'lab')
    .action((o: { name: string }) =>
      guard(async (L) => {
        const gone = await L.faultClear(o.name);
        say(`${gone.length} faults removed`, `${gone.length} 件の障害を解除しました`);
      }),
    );
}
