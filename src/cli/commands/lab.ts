/**
 * `sdn-doctor lab`: bring a real emulated openshift-sdn cluster up, break it, look at it, tear it
 * down. The logic lives in src/lab; this file only parses options and prints.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { count, msg, type Msg } from '../../i18n/message.js';
import { UsageError } from '../errors.js';
import type { Say } from '../help.js';
import { earlyLang } from '../invocation.js';
import { langOption } from '../lang.js';

/** The lab code loads when a lab command runs (it is large and --help does not need it). */
const labModule = () => import('../../lab/index.js');

/** `--lang` anywhere on the line (program or subcommand), else the locale. */
const lang = () => earlyLang(process.argv.slice(2));
const print = (en: string, ja: string) => process.stdout.write(`${lang() === 'ja' ? ja : en}\n`);
const note = (step: Msg) => process.stderr.write(`${step[lang()]}\n`);

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

export function registerLab(program: Command, say: Say): void {
  const labName = say(msg('lab name', 'ラボ名'));
  const lab = program
    .command('lab')
    .description(
      say(
        msg(
          'a real openshift-sdn cluster on this machine (root): up, fault, status, exec, down',
          'このマシン上の本物の openshift-sdn クラスター（root 権限）: up、fault、status、exec、down',
        ),
      ),
    );

  lab
    .command('up')
    .description(
      say(
        msg(
          'build a lab: underlay, nodes with OVS, pods, services, router, DNS, API server',
          'ラボを構築します: アンダーレイ、OVS 付きのノード、Pod、サービス、ルーター、DNS、API サーバー',
        ),
      ),
    )
    .option(
      '--name <name>',
      say(
        msg(
          'lab name (prefixes namespaces and the run folder)',
          'ラボ名（名前空間と実行フォルダーの接頭辞）',
        ),
      ),
      'lab',
    )
    .option('--nodes <n>', say(msg('number of nodes (1-10)', 'ノード数（1〜10）')), intOpt, 3)
    .option('--pods-per-node <n>', say(msg('pods per node', 'ノードあたりの Pod 数')), intOpt, 2)
    .option(
      '--plugin <plugin>',
      say(msg('subnet | multitenant | networkpolicy', 'subnet、multitenant または networkpolicy')),
      'subnet',
    )
    .option(
      '--release <release>',
      say(
        msg(
          '3.11 (rule version 7, ovs pods, node-config.yaml) | 4.x (rule version 13, OVS on the host, sdn-config and the Network operator object)',
          '3.11（ルールバージョン 7、ovs Pod、node-config.yaml）または 4.x（ルールバージョン 13、ホスト上の OVS、sdn-config と Network オペレーターのオブジェクト）',
        ),
      ),
      '3.11',
    )
    .option(
      '--ipfailover',
      say(
        msg(
          'IP failover: dc/ipf-ha-router with two VIPs and real keepalived (VRRP) on node-1 and node-2',
          'IP フェイルオーバー: 2 つの仮想 IP を持つ dc/ipf-ha-router と、node-1・node-2 上の本物の keepalived（VRRP）',
        ),
      ),
      false,
    )
    .option(...langOption(say))
    .action(
      async (o: {
        name: string;
        nodes: number;
        podsPerNode: number;
        plugin: string;
        release: string;
        ipfailover: boolean;
      }) => {
        await refuseInSingleFile();
        return guard(async (L) => {
          if (o.plugin !== 'subnet' && o.plugin !== 'multitenant' && o.plugin !== 'networkpolicy') {
            throw new UsageError(
              '--plugin must be subnet, multitenant or networkpolicy',
              '--plugin は subnet、multitenant、networkpolicy のいずれかです',
            );
          }
          if (o.release !== '3.11' && o.release !== '4.x') {
            throw new UsageError('--release must be 3.11 or 4.x', '--release は 3.11 か 4.x です');
          }
          const t0 = Date.now();
          await L.upLab(
            {
              name: o.name,
              nodes: o.nodes,
              podsPerNode: o.podsPerNode,
              plugin: o.plugin,
              release: o.release,
              ...(o.ipfailover ? { ipfailover: true } : {}),
            },
            note,
          );
          const s = await L.loadLabStatus(o.name);
          if (s) process.stdout.write(L.formatStatus(s, lang()));
          print(
            `lab ${o.name} is up (${((Date.now() - t0) / 1000).toFixed(1)} s). Try: kubectl --kubeconfig ${L.labNames(o.name).kubeconfig} get pods -A -o wide`,
            `ラボ ${o.name} を起動しました（${((Date.now() - t0) / 1000).toFixed(1)} 秒）。例: kubectl --kubeconfig ${L.labNames(o.name).kubeconfig} get pods -A -o wide`,
          );
        });
      },
    );

  lab
    .command('down')
    .description(
      say(
        msg(
          'stop everything a lab started and delete its namespaces and run folder',
          'ラボが起動したものをすべて停止し、名前空間と実行フォルダーを削除します',
        ),
      ),
    )
    .option('--name <name>', labName, 'lab')
    .option(
      '--all',
      say(msg('every lab, and leftovers of crashed labs', 'すべてのラボと、異常終了したラボの残骸')),
    )
    .option(...langOption(say))
    .action((o: { name: string; all?: boolean }) =>
      guard(async (L) => {
        const r = o.all ? await L.downAll() : await L.downLab(o.name);
        print(
          `stopped ${count(r.stopped, 'process', 'processes')}, deleted ${count(r.netns.length, 'namespace')}`,
          `${r.stopped} 個のプロセスを停止し、${r.netns.length} 個の名前空間を削除しました`,
        );
      }),
    );

  lab
    .command('status')
    .description(
      say(msg('what the lab is made of and which faults are on', 'ラボの構成と有効な障害を表示します')),
    )
    .option('--name <name>', labName, 'lab')
    .option(
      '-o, --output <format>',
      say(msg('json for the machine-readable LabStatus', 'json: 機械可読の LabStatus')),
    )
    .option(...langOption(say))
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
    .description(
      say(
        msg(
          'run any command in a node (node-1, 1), pod (ns/name), the client or the outside host',
          'ノード（node-1、1）、Pod（ns/name）、クライアント、外部ホストで任意のコマンドを実行します',
        ),
      ),
    )
    .option('--name <name>', labName, 'lab')
    .option(...langOption(say))
    .argument(
      '<where>',
      say(
        msg(
          'node name or number, pod as namespace/name, client, outside',
          'ノード名か番号、namespace/name 形式の Pod、client、outside',
        ),
      ),
    )
    .argument('<command...>', say(msg('the command (put it after --)', 'コマンド（-- の後に書きます）')))
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

  const fault = lab
    .command('fault')
    .description(
      say(msg('inject and remove the faults of the catalogue', 'カタログの障害を注入・解除します')),
    );
  fault
    .command('list')
    .description(
      say(
        msg(
          'every fault id, its guide section and what it does',
          'すべての障害 ID、ガイドの節、内容を表示します',
        ),
      ),
    )
    .option(...langOption(say))
    .action(() =>
      guard(async (L) => {
        for (const f of L.faultList()) {
          process.stdout.write(`${f.id.padEnd(24)} §${f.section.padEnd(8)} ${f.description[lang()]}\n`);
        }
      }),
    );
  fault
    .command('on')
    .description(say(msg('inject a fault for real', '障害を実際に注入します')))
    .argument('<id>', say(msg('fault id (see lab fault list)', '障害 ID（lab fault list を参照）')))
    .option('--name <name>', labName, 'lab')
    .option('--node <node>', say(msg('node name or number', 'ノード名または番号')))
    .option('--pod <pod>', say(msg('pod as namespace/name', 'namespace/name 形式の Pod')))
    .option('--service <service>', say(msg('service as namespace/name', 'namespace/name 形式のサービス')))
    .option('--route <route>', say(msg('route as namespace/name', 'namespace/name 形式のルート')))
    .option(
      '--policy <policy>',
      say(
        msg(
          'NetworkPolicy as namespace/name (policy-flow-missing: the policy whose allow flow the node loses)',
          'namespace/name 形式の NetworkPolicy（policy-flow-missing: ノードが許可フローを失うポリシー）',
        ),
      ),
    )
    .option(...langOption(say))
    .action(
      (
        id: string,
        o: { name: string; node?: string; pod?: string; service?: string; route?: string; policy?: string },
      ) =>
        guard(async (L) => {
          const f = await L.faultOn(o.name, id, o);
          const where = [
            f.node ? `node-${f.node}` : '',
            f.peer ? `peer node-${f.peer}` : '',
            f.pod ?? '',
            f.peerPod ?? '',
            f.service ?? '',
            f.route ?? '',
            f.policy ?? '',
          ]
            .filter(Boolean)
            .join(', ');
          print(
            `fault ${f.id} on${where ? ` (${where})` : ''}`,
            `障害 ${f.id} を有効にしました${where ? `（${where}）` : ''}`,
          );
        }),
    );
  fault
    .command('off')
    .description(say(msg('remove a fault and restore health', '障害を解除して正常に戻します')))
    .argument('<id>', say(msg('fault id', '障害 ID')))
    .option('--name <name>', labName, 'lab')
    .option(...langOption(say))
    .action((id: string, o: { name: string }) =>
      guard(async (L) => {
        const gone = await L.faultOff(o.name, id);
        if (gone.length === 0) print(`fault ${id} was not on`, `障害 ${id} は有効ではありませんでした`);
        else print(`fault ${id} off`, `障害 ${id} を解除しました`);
      }),
    );
  fault
    .command('clear')
    .description(say(msg('remove every fault', 'すべての障害を解除します')))
    .option('--name <name>', labName, 'lab')
    .option(...langOption(say))
    .action((o: { name: string }) =>
      guard(async (L) => {
        const gone = await L.faultClear(o.name);
        print(`${count(gone.length, 'fault')} removed`, `${gone.length} 件の障害を解除しました`);
      }),
    );
}
