/**
 * `diagnose(url)`: the guide's decision tree (39.3 → 39.11), automated. Each step cites its
 * section, records what it ran and where, the evidence and its verdict; the end is the list of
 * ROOT causes (root-cause.ts), each with its object, evidence, fix and section — or healthy.
 * The verdict comes only from what was observed.
 */
import { mapText, msg, type Msg } from '../i18n/message.js';
import { safeModel, WalkContext, type DiagnoseInput } from './context.js';
import { hiddenLayers } from './hidden.js';
import { StepRecorder } from './recorder.js';
import { reduceCauses, type Candidate, type Explained } from './root-cause.js';
import type { Cause } from './types.js';
import type { WalkState } from './state.js';
import { dnsStep, routerSteps } from './steps-external.js';
import { failoverSteps } from './steps-failover.js';
import { findIngress, ingressSteps } from './steps-ingress.js';
import { doorSteps, targetDoor } from './door-walk.js';
import { parseFrom } from './doors.js';
import { localSteps } from './steps-local.js';
import { nodeSteps } from './steps-nodes.js';
import { serviceSteps } from './steps-service.js';
import type { DiagnoseEvent, DiagnoseResult } from './types.js';

export type { DiagnoseInput };

export async function diagnose(
  input: DiagnoseInput,
  onEvent?: (e: DiagnoseEvent) => void,
): Promise<DiagnoseResult> {
  const started = Date.now();
  const ctx = new WalkContext(input);
  const rec = new StepRecorder(() => ctx.remaining(), onEvent);
  const from = input.from !== undefined ? parseFrom(input.from) : undefined;
  if (input.from !== undefined && !from)
    throw new Error(`--from: not pod/NS/NAME or node/NAME: ${input.from}`);
  await ctx.loadApi();
  // issue 15: `--from` names a source and a target; the target's door decides the walk's URL
  const door = from ? targetDoor(ctx, input.url) : undefined;
  const url = new URL(door ? (door.kind === 'unknown' ? 'http://0.0.0.0/' : door.url) : input.url);
  const st: WalkState = {
    url,
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    path: url.pathname || '/',
    targets: [],
    nodes: [],
    failedEndpoints: [],
    failedService: [],
    answered: new Set(),
    prefetch: {},
  };
  if (from && door) await doorSteps(ctx, rec, st, from, door);
  else {
    // 39.13.1: a nodePort, external IP or load balancer URL has no router on its path
    const ingress = await findIngress(ctx, st);
    if (ingress) await ingressSteps(ctx, rec, st, ingress);
    else {
      await dnsStep(ctx, rec, st);
      await failoverSteps(ctx, rec, st);
      await routerSteps(ctx, rec, st);
    }
    await serviceSteps(ctx, rec, st);
  }
  const entry = st.routerNode ?? st.entryNode;
  if (st.nodes.length === 0 && entry) {
    st.nodes = [entry];
    await ctx.collectNodes(st.nodes);
  }
  await nodeSteps(ctx, rec, st);
  await localSteps(ctx, rec, st);
  endpointConclusions(st, rec.causes);

  const m = safeModel(ctx);
  const { causes, explained, undecided } = reduceCauses(rec.causes, {
    podIps: Object.fromEntries(
      (m?.pods?.value ?? []).filter((p) => p.podIP).map((p) => [`${p.namespace}/${p.name}`, p.podIP!]),
    ),
    staleHostSubnets: (m?.hostSubnets?.value ?? [])
      .filter((h) => rec.causes.some((c) => c.fault === 'hostsubnet-stale' && c.node === h.name))
      .map((h) => ({ node: h.name, hostIP: h.hostIP, subnet: h.subnet })),
    routerPort: st.port,
    unreadPath: unreadPath(ctx),
  });
  for (const u of undecided)
    rec.hidden(
      u.candidate.step,
      msg(
        `undecided: ${u.candidate.summary.en}, but the layers under it on ${u.node} could not be read (${u.reason.en})`,
        `判定不能: ${u.candidate.summary.ja}。ただし ${u.node} の下位の層を読めませんでした (${u.reason.ja})`,
      ),
      undefined,
      !causes.some((x) => x.step === u.candidate.step),
    );
  explainProbes(rec, explained, causes);
  const searchDomains = [
    ...new Set(Object.values(m?.nodeFacts ?? {}).flatMap((f) => f?.resolvConf?.value.search ?? [])),
  ];
  for (const h of hiddenLayers(causes, {
    host: st.host,
    service: st.service !== undefined,
    endpoints: st.targets.length > 0,
    ...(st.routerNode ? { routerNode: st.routerNode } : {}),
    searchDomains,
  }))
    rec.hidden(h.step, h.reason, h.hiddenBy);
  // 39.3: a router host that does not answer ICMP is no finding once its port answered.
  const connected = rec.steps.find((x) => x.id === 'external.connect')?.status === 'pass';
  const unchecked = rec.unchecked.filter((u) => !(connected && u.step === 'external.reach'));
  return {
    url: input.url,
    ...(input.from !== undefined ? { from: input.from } : {}),
    verdict: { healthy: causes.length === 0 && unchecked.length === 0, causes, unchecked },
    steps: rec.steps,
    durationMs: Date.now() - started,
    api: ctx.api,
    artifacts: ctx.artifacts,
  };
}

/**
 * A probe that failed because its path crosses a layer already known broken proves nothing about
 * the layers behind it: its step says so (`unknown`, naming the cause it depends on) instead of
 * raising a cause of its own. The step stays `fail` when it also concluded a root cause.
 */
export function explainProbes(
  rec: StepRecorder,
  explained: readonly Explained[],
  causes: readonly Cause[],
): void {
  for (const { candidate: c, by } of explained) {
    const where = by.node ? ` on ${by.node}` : '';
    const whereJa = by.node ? ` (${by.node})` : '';
    rec.hidden(
      c.step,
      msg(
        `a failed probe proves nothing behind ${by.fault}${where}: its path crosses it (${c.summary.en})`,
        `失敗した確認は ${by.fault}${whereJa} の先について何も示しません: 経路がそこを通ります (${c.summary.ja})`,
      ),
      { fault: by.fault, ...(by.node ? { node: by.node } : {}) },
      !causes.some((x) => x.step === c.step),
    );
  }
}

/** Nodes whose §6/§7/§10 passive checks could not decide, with the first reason. */
function unreadPath(ctx: WalkContext): Record<string, Msg> {
  const out: Record<string, Msg> = {};
  let statuses;
  try {
    statuses = ctx.passive().statuses;
  } catch {
    return out;
  }
  for (const s of statuses) {
    if (!/^(6|7|10)(\.|$)/.test(s.section)) continue;
    for (const u of s.unknown) if (u.node && !out[u.node]) out[u.node] = u.reason;
  }
  return out;
}

/**
 * 39.5: an endpoint that fails from every node that probed it — its own included — is that pod
 * (or something on its node, which root-cause reduction prefers). One that fails only from some
 * nodes is a path problem between nodes (39.6/39.7), reported by those steps.
 */
export function endpointConclusions(st: WalkState, out: Candidate[]): void {
  const byIp = new Map<string, WalkState['failedEndpoints']>();
  for (const f of st.failedEndpoints) byIp.set(f.target.ip, [...(byIp.get(f.target.ip) ?? []), f]);
  const sk = st.service ? `${st.service.namespace}/${st.service.name}` : undefined;
  for (const [ip, fails] of byIp) {
    const t = fails[0]!.target;
    const answeredSomewhere = st.nodes.some((n) => st.answered.has(`${n}|${ip}`));
    if (answeredSomewhere) continue;
    const how = [...new Set(fails.map((f) => f.connect))].join('/');
    out.push({
      fault: 'endpoint-down',
      section: '5',
      step: 'service.each-endpoint',
      ...(t.node ? { node: t.node } : {}),
      ...(t.pod ? { pod: t.pod } : {}),
      ...(sk ? { service: sk } : {}),
      summary: msg(
        `endpoint ${ip}:${t.port} (${t.pod ?? '?'}) of ${sk ?? 'the service'} does not answer (${how}) from ${fails.map((f) => f.from).join(', ')}`,
        `${sk ?? 'サービス'} のエンドポイント ${ip}:${t.port} (${t.pod ?? '?'}) が ${fails.map((f) => f.from).join(', ')} から応答しません (${how})`,
      ),
      fix: msg(
        how.includes('refused')
          ? `Nothing listens on ${ip}:${t.port}: check pod ${t.pod ?? ip} (oc logs, readiness probe, the port the process binds).`
          : `Packets to ${ip}:${t.port} get no answer: check pod ${t.pod ?? ip} and its node ${t.node ?? ''} (39.7).`,
        how.includes('refused')
          ? `${ip}:${t.port} で何もリッスンしていません: Pod ${t.pod ?? ip} を確認してください (oc logs、readiness probe、プロセスが使うポート)。`
          : `${ip}:${t.port} への応答がありません: Pod ${t.pod ?? ip} とノード ${t.node ?? ''} を確認してください (39.7)。`,
      ),
      evidence: fails.map((f) => mapText(f.excerpt, (x) => `${f.from} → ${ip}:${t.port}: ${x}`)),
      involves: t.node ? [t.node] : [],
      active: true,
    });
  }
}
