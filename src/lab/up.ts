/** `lab up`: builds the whole lab for real, in parallel where it can. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyFlows, applyIptables, applyResolvConf } from './apply.js';
import { writeApiObjects } from './api-objects.js';
import { startApiServer } from './api-link.js';
import { applyDns } from './dns.js';
import { inNetns, must } from './exec.js';
import { NodeJournal } from './journal.js';
import { podRole, podsOnNode, podTlsRole, type LabNodeSpec, type LabState } from './model.js';
import { addNetnsOnUnderlay } from './netns.js';
import { assertLabName, labNames } from './names.js';
import { writeNodeConfigFile } from './node-config.js';
import { runSetupScript, sdnSetupSteps, setupBrEx, warmTunnels, wireNode } from './node.js';
import { startOvs, vsctl } from './ovs.js';
import {
  podPortCommand,
  PYTHON,
  startPodServer,
  startPodTlsServer,
  wirePod,
  writePodContent,
} from './pods.js';
import { makeTlsChain, tlsChainFiles } from './tls-chain.js';
import { aptCommand, missingPackages } from './prereq.js';
import { listening, spawnDetached, waitFor } from './procs.js';
import { applyRouters, makeRouterCert } from './router.js';
import { startIpFailover } from './ipfailover.js';
import { buildLabSpec, type LabOptions } from './spec.js';
import { saveState } from './state.js';
import { downLab } from './down.js';
import { LabError } from './errors.js';
import { msg, type Msg } from '../i18n/message.js';

export { LabError };
export { warmTunnels };

/** Brings a lab up; on any failure, tears down what it started and rethrows. */
export async function upLab(opts: LabOptions, log: (step: Msg) => void = () => undefined): Promise<LabState> {
  assertLabName(opts.name);
  if (!Number.isInteger(opts.nodes) || opts.nodes < 1 || opts.nodes > 10) {
    throw new LabError('--nodes must be 1..10', '--nodes は 1〜10 で指定してください');
  }
  if (opts.ipfailover && opts.nodes < 2) {
    throw new LabError(
      '--ipfailover needs at least 2 nodes (keepalived fails over between two)',
      '--ipfailover には 2 ノード以上が必要です（keepalived は 2 台の間でフェイルオーバーします）',
    );
  }
  if (!Number.isInteger(opts.podsPerNode) || opts.podsPerNode < 1 || opts.podsPerNode > 50) {
    throw new LabError('--pods-per-node must be 1..50', '--pods-per-node は 1〜50 で指定してください');
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new LabError(
      'lab up needs root (network namespaces, Open vSwitch, iptables): run it with sudo',
      'lab up には root 権限が必要です（ネットワーク名前空間、Open vSwitch、iptables）。sudo で実行してください',
    );
  }
  const missing = await missingPackages(undefined, opts.ipfailover === true);
  if (missing.length > 0) {
    throw new LabError(
      `missing Debian packages: ${missing.join(', ')}; install them with: ${aptCommand(missing)}`,
      `必要な Debian パッケージがありません: ${missing.join(', ')}。インストール: ${aptCommand(missing)}`,
    );
  }
  const n = labNames(opts.name);
  if (existsSync(n.runDir) || existsSync(`/run/netns/${n.underlay}`)) {
    throw new LabError(
      `lab "${opts.name}" already exists (run: sdn-doctor lab down --name ${opts.name})`,
      `ラボ "${opts.name}" は既に存在します（sdn-doctor lab down --name ${opts.name} を実行してください）`,
    );
  }
  const t0 = Date.now();
  const spec = buildLabSpec(opts);
  const state: LabState = { spec, processes: [], faults: [], resourceVersion: 1 };
  await mkdir(n.runDir, { recursive: true });
  await saveState(state);
  try {
    await build(state, log);
    await saveState(state);
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    log(msg(`lab ${spec.name} up in ${seconds} s`, `ラボ ${spec.name} の構築に ${seconds} 秒`));
    return state;
  } catch (err) {
    await saveState(state).catch(() => undefined);
    await downLab(opts.name).catch(() => undefined);
    throw err;
  }
}

async function build(state: LabState, log: (step: Msg) => void): Promise<void> {
  const { spec } = state;
  const n = labNames(spec.name);
  await Promise.all(
    [n.routerDir, n.dnsDir, join(n.outsideDir, 'www'), ...spec.nodes.map((x) => x.dir)].map((d) =>
      mkdir(d, { recursive: true }),
    ),
  );
  // one shared payload for large transfers (39.8: MTU problems only show with big packets)
  const big = join(n.runDir, 'big.bin');
  await writeFile(big, randomBytes(2 * 1024 * 1024));
  // the chain (a few openssl runs): made while the nodes come up; awaited before the pods' TLS servers
  const tlsChain = spec.pods.some((p) => p.tlsPort !== undefined) ? makeTlsChain(state) : Promise.resolve();
  tlsChain.catch(() => undefined); // awaited below; a failure before then must not go unhandled

  // underlay bridge (.1 = DNS), external client, outside host
  log(msg('underlay', 'アンダーレイ'));
  await must(['ip', 'netns', 'add', n.underlay]);
  await must(['ip', '-n', n.underlay, '-batch', '-'], {
    input: `link set lo up\nlink add br-ul type bridge\naddr add ${spec.dnsServer}/24 dev br-ul\nlink set br-ul up\n`,
  });
  await Promise.all(
    [
      [n.client, 'ul-client', spec.clientIp],
      [n.outside, 'ul-ext', spec.outsideIp],
    ].map(async ([ns, ul, ip]) => {
      await addNetnsOnUnderlay(ns!, n.underlay, ul!);
      await must(['ip', '-n', ns!, '-batch', '-'], {
        input: `link set lo up\naddr add ${ip}/24 dev eth0\nlink set eth0 up\n`,
      });
    }),
  );

  log(msg('nodes', 'ノード'));
  await Promise.all(spec.nodes.map((node) => nodeUp(state, node, big)));

  await tlsChain;
  for (const p of spec.pods) {
    if (p.tlsPort !== undefined) state.processes.push(startPodTlsServer(p, tlsChainFiles(state)));
  }

  log(msg('flows, iptables, router, dns', 'フロー、iptables、ルーター、DNS'));
  await Promise.all(
    spec.nodes.map(async (node) => {
      const journal = new NodeJournal(node.name, process.pid);
      const { flows, result } = await applyFlows(state, node.index);
      journal.addingFlows(flows, result);
      await applyIptables(state, node.index);
      journal.info('proxier.go:1022', 'Started iptables proxy (kube-proxy) sync');
      await journal.flush(node.dir, false);
    }),
  );
  await applyResolvConf(state);
  await writeFile(join(n.outsideDir, 'www', 'index.html'), `outside host ${spec.outsideHost}\n`);
  state.processes.push({
    pid: spawnDetached(
      inNetns(n.outside, [
        PYTHON,
        '-m',
        'http.server',
        '80',
        '--bind',
        '0.0.0.0',
        '--directory',
        join(n.outsideDir, 'www'),
      ]),
      join(n.outsideDir, 'http.log'),
    ),
    match: join(n.outsideDir, 'www'),
    role: 'outside',
  });
  await Promise.all([applyDns(state), makeRouterCert(state).then(() => applyRouters(state))]);
  await writeApiObjects(state);
  await saveState(state);

  log(msg('tunnel neighbours, servers', 'トンネルの近隣エントリー、サーバー'));
  await warmTunnels(state);
  const servers = [
    ...state.processes.filter((p) => p.role === 'outside').map((proc) => ({ proc, port: 80 })),
    ...spec.pods.flatMap((pod) => [
      { proc: state.processes.find((p) => p.role === podRole(pod)), port: pod.port },
      ...(pod.tlsPort !== undefined
        ? [{ proc: state.processes.find((p) => p.role === podTlsRole(pod)), port: pod.tlsPort }]
        : []),
    ]),
  ];
  await Promise.all(
    servers.map(async ({ proc, port }) => {
      if (!proc || !(await waitFor(() => listening(proc.pid, port), 10_000)))
        throw new Error(`${proc?.role ?? 'a pod server'}: not listening on ${port}`);
    }),
  );

  if (spec.ipfailover) {
    // after the routers: keepalived's check is their port 80
    log(msg('IP failover (keepalived, VRRP)', 'IP フェイルオーバー（keepalived、VRRP）'));
    await startIpFailover(state);
    await saveState(state);
  }

  log(msg('api server', 'API サーバー'));
  const api = await startApiServer(state);
  state.apiUrl = api.url;
  state.processes.push({ pid: api.pid, match: labNames(spec.name).runDir, role: 'api' });
}

async function nodeUp(state: LabState, node: LabNodeSpec, big: string): Promise<void> {
  const { spec } = state;
  const n = labNames(spec.name);
  await wireNode(spec, node, n.underlay);
  state.processes.push(...(await startOvs(node)));
  await setupBrEx(spec, node);
  const journal = new NodeJournal(node.name, process.pid);
  journal.info('start_node.go:360', `Starting node ${node.name} (v3.11.0+d4cacc0)`);
  journal.info(
    'node.go:150',
    `Initializing SDN node of type "redhat/openshift-ovs-${spec.plugin}" with configured hostname "${node.name}" (IP "${node.ip}")`,
  );
  journal.info('sdn_controller.go:139', '[SDN setup] full SDN setup required (plugin is not setup)');
  const { ok } = await runSetupScript(node, sdnSetupSteps(spec, node, spec.mtu), journal);
  if (!ok) throw new Error(`SDN setup of ${node.name} failed (see ${node.dir}/journal.log)`);
  await writeNodeConfigFile(spec, spec.mtu, node);
  const pods = podsOnNode(spec, node.index);
  await Promise.all(pods.map((p) => wirePod(spec, node, p)));
  if (pods.length > 0) {
    await must(['ip', '-n', node.netns, '-batch', '-'], {
      input: pods.map((p) => `link set ${p.veth} mtu ${spec.mtu} up\n`).join(''),
    });
    // one ovs-vsctl transaction for every pod port of the node
    await vsctl(node, pods.flatMap((p) => ['--', ...podPortCommand(p)]).slice(1));
  }
  for (const p of pods) {
    await writePodContent(node, p, big);
    state.processes.push(startPodServer(p));
  }
  journal.info('node.go:486', `Started SDN node ${node.name} with ${pods.length} pods`);
  await journal.flush(node.dir, false);
}
