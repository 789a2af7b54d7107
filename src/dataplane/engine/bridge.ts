/**
 * One node's br0: its dumped flows compiled into per-table classifiers, and the OpenFlow 1.3
 * pipeline run over a packet (what `ovs-appctl ofproto/trace br0 <flow>` does on a live node).
 * Semantics follow ovs-actions(7): `goto_table` ends the action list, `resubmit` returns to it,
 * `output` to the input port is skipped, a table miss drops, `ct(table=N)` recirculates with
 * ct_state `+trk+new` (ofproto/trace's default for a new connection), or with the states given
 * for the run, one per recirculation in order (ofproto/trace's `--ct-next`: an established
 * connection, a reply). `group:N` runs the dumped
 * group's buckets (egress IP, rule version 10+), each on its own copy of the packet: a `select`
 * group sends a flow through one bucket, which one is a hash the dump cannot tell, so every
 * bucket is followed, like the service endpoints kube-proxy picks at random.
 */
import type { Flow, OvsGroup, OvsPort } from '../../model/types.js';
import { count, msg, type Msg } from '../../i18n/message.js';
import { Classifier } from './classifier.js';
import { type FieldRef, parseFieldRef, parseFieldValue, readBits, writeBits, writeMasked } from './fields.js';
import { compileMatchShared } from './match.js';
import { CT, F, type Packet, clonePacket, ctStateText } from './packet.js';
import { OFPP_IN_PORT, PortTable } from './ports.js';
import { prose, type Step } from './types.js';

type Action =
  | { readonly k: 'goto'; readonly table: number }
  | { readonly k: 'resubmit'; readonly port?: number; readonly table?: number }
  | { readonly k: 'output'; readonly port: number }
  | { readonly k: 'output_field'; readonly ref: FieldRef }
  | { readonly k: 'load'; readonly ref: FieldRef; readonly value: number }
  | { readonly k: 'move'; readonly src: FieldRef; readonly dst: FieldRef }
  | { readonly k: 'set'; readonly ref: FieldRef; readonly value: number; readonly mask?: number }
  | { readonly k: 'ct'; readonly table?: number; readonly nat: boolean }
  | { readonly k: 'group'; readonly id: number }
  | { readonly k: 'nop' }
  | { readonly k: 'unsupported'; readonly text: string };

interface CompiledFlow {
  readonly flow: Flow;
  /** Compiled on first use: most flows of a big table are never hit by a given trace. */
  actions: readonly Action[] | undefined;
  /**
   * The step a hit on this flow records, made on the first recorded hit and shared by every later
   * one (steps are readonly): a trimmed copy of the rule and an object per table visited were
   * most of what recording steps cost a br0 run.
   */
  step: Step | undefined;
  /** Why a packet stopped when this flow neither output nor recirculated it (made once, readonly). */
  dropEnd: BridgeEnd | undefined;
}

export interface BridgeOutput {
  readonly port: number;
  readonly packet: Packet;
}

/** Why the pipeline stopped without (all) outputs. */
export interface BridgeEnd {
  readonly disposition: 'dropped' | 'loop' | 'insufficient-info';
  readonly table?: number;
  readonly rule?: string;
  readonly message: Msg;
}

export interface BridgeResult {
  readonly steps: Step[];
  readonly outputs: BridgeOutput[];
  /** Set when nothing was output (the deciding drop), or when the run could not be completed. */
  readonly end?: BridgeEnd;
}

/** A warning about a flow the simulator cannot use. */
export interface BridgeWarning {
  readonly line: number;
  readonly rule: string;
  readonly message: Msg;
}

/** The state of one {@link Bridge.run} (methods instead of closures: the matrix runs millions). */
interface RunState {
  readonly steps: Step[];
  readonly record: boolean;
  readonly outputs: BridgeOutput[];
  end?: BridgeEnd;
  lastDrop?: BridgeEnd;
  visits: number;
  readonly recirculations: { table: number; packet: Packet }[];
  /** ct_state of the next conntrack recirculations (`--ct-next`), consumed in order. */
  readonly ctNext: readonly number[];
  ctUsed: number;
}

/** The step recorded for a hit on `hit` (see {@link CompiledFlow.step}). */
function hitStep(hit: CompiledFlow): Step {
  return (hit.step ??= {
    kind: 'table',
    table: hit.flow.table,
    rule: hit.flow.raw.trim(),
    action: hit.flow.actionsText,
  });
}

/** OVS's limits (ofproto-dpif-xlate.c MAX_DEPTH / MAX_RESUBMITS). */
const MAX_DEPTH = 64;
const MAX_VISITS = 4096;
const MAX_RECIRCULATIONS = 8;

export class Bridge {
  readonly ports: PortTable;
  private readonly tables = new Map<number, Classifier<CompiledFlow>>();
  /** The flows of each table, with their positions in the dump. */
  private readonly flowsByTable = new Map<number, { flows: Flow[]; positions: number[] }>();
  /**
   * The tables compiled so far. A table is compiled on its first lookup: a node's br0 holds ~3
   * flows per other node (tables 10, 50, 90), and the matrix never looks an IP packet up in table
   * 50 (ARP), so a third of a 1000-node cluster's 3·10⁶ flows need never be compiled.
   */
  private readonly compiledTables = new Set<number>();
  /** Tables holding a flow that could not be compiled: a lookup there cannot be trusted. */
  private readonly uncertainTables = new Map<number, BridgeWarning>();
  private readonly found: { readonly position: number; readonly warning: BridgeWarning }[] = [];
  private allWarnings: BridgeWarning[] | undefined;
  private readonly recirculationSteps = new Map<number, Step>();
  private readonly misses = new Map<number, { readonly step: Step; readonly end: BridgeEnd }>();
  /** One resolver for every flow (not a closure per flow). */
  private readonly resolvePort = (t: string): number => this.ports.resolve(t);

  /** Groups by id; undefined when `ovs-ofctl dump-groups br0` was not collected. */
  private readonly groups:
    | ReadonlyMap<number, { readonly group: OvsGroup; readonly buckets: Action[][] }>
    | undefined;

  constructor(flows: readonly Flow[], ports?: readonly OvsPort[], groups?: readonly OvsGroup[]) {
    this.ports = new PortTable(ports, flows);
    flows.forEach((flow, i) => {
      let p = this.flowsByTable.get(flow.table);
      if (!p) this.flowsByTable.set(flow.table, (p = { flows: [], positions: [] }));
      p.flows.push(flow);
      p.positions.push(i);
    });
    this.groups = groups
      ? new Map(
          groups.map((g) => [
            g.groupId,
            { group: g, buckets: g.buckets.map((b) => b.actions.map((a) => this.compileAction(a))) },
          ]),
        )
      : undefined;
  }

  /** The flows the simulator cannot use, in dump order (compiles every table not compiled yet). */
  get warnings(): readonly BridgeWarning[] {
    // made once every table is compiled: no table adds a warning until a release forgets them
    if (this.allWarnings) return this.allWarnings;
    for (const t of this.flowsByTable.keys()) this.compiled(t);
    this.allWarnings = [...this.found].sort((x, y) => x.position - y.position).map((x) => x.warning);
    return this.allWarnings;
  }

  get flowCount(): number {
    for (const t of this.flowsByTable.keys()) this.compiled(t);
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  table(n: number): Classifier<CompiledFlow> | undefined {
    return this.compiled(n);
  }

  /** Table `n`, compiled now if it was not yet (its warnings and uncertainty with it). */
  private compiled(n: number): Classifier<CompiledFlow> | undefined {
    const p = this.flowsByTable.get(n);
    if (p && !this.compiledTables.has(n)) {
      this.compiledTables.add(n);
      p.flows.forEach((flow, i) => this.add(flow, p.positions[i]!));
    }
    return this.tables.get(n);
  }

  /**
   * Forgets what lookups compiled (tables, their warnings, the steps of misses and
   * recirculations): a lookup after this compiles its table again from the flows, with the same
   * result. Called when the matrix drops the node from its cache. Why: V8's young-generation
   * collector keeps alive whatever an object of the old generation points to, dead or not, until
   * the next full collection. A bridge that lived long enough to be promoted, and whose tables
   * were compiled after that, kept them (and their flows) alive through every later young
   * collection once its node was dropped: 3.2 GB promoted instead of 1.2 GB in the 2000-node
   * matrix (docs/dataplane.md, "The holder that was left").
   */
  release(): void {
    this.tables.clear();
    this.compiledTables.clear();
    this.uncertainTables.clear();
    this.found.length = 0;
    this.allWarnings = undefined;
    this.recirculationSteps.clear();
    this.misses.clear();
  }

  private add(flow: Flow, position: number): void {
    const compiled = compileMatchShared(flow.match, this.resolvePort);
    if (!compiled.ok) {
      // A flow we cannot evaluate is left out; traces that might have hit it say so via warnings.
      const w: BridgeWarning = {
        line: flow.line,
        rule: flow.raw.trim(),
        message: msg(`flow ignored: ${compiled.reason}`, `フローを無視しました: ${compiled.reason}`),
      };
      this.found.push({ position, warning: w });
      if (!this.uncertainTables.has(flow.table)) this.uncertainTables.set(flow.table, w);
      return;
    }
    let t = this.tables.get(flow.table);
    if (!t) this.tables.set(flow.table, (t = new Classifier()));
    t.insert(compiled.match, flow.priority, {
      flow,
      actions: undefined,
      step: undefined,
      dropEnd: undefined,
    });
  }

  private compileAction(a: Flow['actions'][number]): Action {
    const bad = (text: string): Action => ({ k: 'unsupported', text });
    switch (a.kind) {
      case 'goto_table':
        return { k: 'goto', table: a.table };
      case 'resubmit': {
        const port = a.port === undefined || a.port === '' ? undefined : this.ports.resolve(a.port);
        return {
          k: 'resubmit',
          ...(port !== undefined ? { port } : {}),
          ...(a.table !== undefined ? { table: a.table } : {}),
        };
      }
      case 'output':
        return { k: 'output', port: this.ports.resolve(a.port) };
      case 'output_field': {
        const ref = parseFieldRef(a.field);
        return ref ? { k: 'output_field', ref } : bad(`output:${a.field}`);
      }
      case 'load': {
        const ref = parseFieldRef(a.dst);
        const v = ref ? parseFieldValue(a.value, 'number') : undefined;
        return ref && v ? { k: 'load', ref, value: v.value } : bad(`load:${a.value}->${a.dst}`);
      }
      case 'move': {
        const src = parseFieldRef(a.src);
        const dst = parseFieldRef(a.dst);
        return src && dst && src.nbits === dst.nbits
          ? { k: 'move', src, dst }
          : bad(`move:${a.src}->${a.dst}`);
      }
      case 'set_field': {
        const ref = parseFieldRef(a.field);
        const v = ref ? parseFieldValue(a.value, ref.kind) : undefined;
        if (!ref || !v) return bad(`set_field:${a.value}->${a.field}`);
        return { k: 'set', ref, value: v.value, ...(v.mask !== undefined ? { mask: v.mask } : {}) };
      }
      case 'ct':
        return { k: 'ct', ...(a.table !== undefined ? { table: a.table } : {}), nat: a.nat !== undefined };
      case 'drop':
      case 'note':
        return { k: 'nop' };
      case 'group':
        return { k: 'group', id: a.id };
      case 'other':
        return bad(a.text);
    }
  }

  /**
   * Runs a packet from table 0 (the packet is not modified). `record = false` skips building the
   * steps (the matrix only needs outputs and the deciding drop).
   */
  run(input: Packet, record = true, ctNext: readonly number[] = []): BridgeResult {
    const st: RunState = {
      steps: [],
      record,
      outputs: [],
      visits: 0,
      recirculations: [],
      ctNext,
      ctUsed: 0,
    };
    const first = clonePacket(input);
    this.doTable(st, first, 0, 0);
    for (let i = 0; !st.end && i < st.recirculations.length; i++) {
      if (i >= MAX_RECIRCULATIONS) {
        st.end = {
          disposition: 'loop',
          message: msg('too many conntrack recirculations', 'conntrack の再循環が多すぎます'),
        };
        break;
      }
      const r = st.recirculations[i]!;
      if (st.record) st.steps.push(this.recirculationStep(r.table, r.packet[F.CT_STATE]!));
      this.doTable(st, r.packet, r.table, 0);
    }
    if (!st.end && st.outputs.length === 0)
      st.end = st.lastDrop ?? {
        disposition: 'dropped',
        message: msg('no output action', '出力アクションがありません'),
      };
    // A run cut short (loop, something not simulated) has no trustworthy outputs.
    const { steps, outputs, end } = st;
    if (end && end.disposition !== 'dropped') return { steps, outputs: [], end };
    return end ? { steps, outputs, end } : { steps, outputs };
  }

  /**
   * The step and end of a table miss, made once per table (both readonly): a verdict-only run that
   * ends in a miss formats no text.
   */
  private tableMiss(table: number): { readonly step: Step; readonly end: BridgeEnd } {
    let miss = this.misses.get(table);
    if (!miss) {
      miss = {
        step: {
          kind: 'table',
          table,
          ...prose(msg('drop (no matching flow)', '破棄（一致するフローなし）')),
        },
        end: {
          disposition: 'dropped',
          table,
          message: msg(
            `no flow in table ${table} matches (table miss: drop)`,
            `テーブル ${table} に一致するフローがありません（テーブルミス: 破棄）`,
          ),
        },
      };
      this.misses.set(table, miss);
    }
    return miss;
  }

  /** The note of a conntrack recirculation, made once per table and ct_state (steps are readonly). */
  private recirculationStep(table: number, ctState: number): Step {
    // ct_state has 8 bits (CT): table and state packed in one number
    const key = table * 256 + ctState;
    let step = this.recirculationSteps.get(key);
    if (!step) {
      const state = ctStateText(ctState);
      step = {
        kind: 'note',
        ...prose(
          msg(
            `recirculate after ct() into table ${table} with ct_state=${state}`,
            `ct() の後、ct_state=${state} でテーブル ${table} へ再循環`,
          ),
        ),
      };
      this.recirculationSteps.set(key, step);
    }
    return step;
  }

  private rec(st: RunState, step: Step): void {
    if (st.record) st.steps.push(step);
  }

  private emit(st: RunState, p: Packet, port: number): void {
    if (port === OFPP_IN_PORT) port = p[F.IN_PORT]!;
    else if (port === p[F.IN_PORT]) {
      // ovs-actions(7): "output to the input port is dropped" unless in_port is named explicitly.
      this.rec(st, {
        kind: 'note',
        ...prose(
          msg(
            `skipping output to input port ${this.ports.label(port)}`,
            `入力ポート ${this.ports.label(port)} への出力は行いません`,
          ),
        ),
      });
      return;
    }
    if (!this.ports.exists(port)) {
      this.rec(st, {
        kind: 'note',
        ...prose(
          msg(
            `output to nonexistent port ${this.ports.label(port)}`,
            `存在しないポート ${this.ports.label(port)} への出力`,
          ),
        ),
      });
      st.lastDrop = {
        disposition: 'dropped',
        message: msg(
          `output to port ${this.ports.label(port)}, which is not on br0`,
          `br0 に存在しないポート ${this.ports.label(port)} への出力`,
        ),
      };
      return;
    }
    st.outputs.push({ port, packet: clonePacket(p) });
  }

  private doTable(st: RunState, p: Packet, tableId: number, depth: number): void {
    if (st.end) return;
    if (++st.visits > MAX_VISITS || depth > MAX_DEPTH) {
      st.end = {
        disposition: 'loop',
        table: tableId,
        message: msg('resubmit/goto_table loop in br0', 'br0 内で resubmit/goto_table がループしています'),
      };
      return;
    }
    const table = this.compiled(tableId);
    const ignored = this.uncertainTables.get(tableId);
    if (ignored) {
      // The flow we could not read might have matched: never guess (DESIGN.md §2, no false pass).
      st.end = {
        disposition: 'insufficient-info',
        table: tableId,
        rule: ignored.rule,
        message: msg(
          `table ${tableId} has a flow the simulator cannot evaluate (line ${ignored.line}): ${ignored.message.en}`,
          `テーブル ${tableId} に評価できないフローがあります（${ignored.line} 行目）: ${ignored.message.ja}`,
        ),
      };
      return;
    }
    const hit = table?.lookup(p);
    if (!hit) {
      const miss = this.tableMiss(tableId);
      if (st.record) st.steps.push(miss.step);
      st.lastDrop = miss.end;
      return;
    }
    if (st.record) st.steps.push(hitStep(hit));
    const outputsBefore = st.outputs.length;
    const recirculationsBefore = st.recirculations.length;
    hit.actions ??= hit.flow.actions.map((a) => this.compileAction(a));
    if (this.execute(st, p, hit.actions, tableId, hit.flow, depth) === 'stop') return;
    // A rule that neither output nor recirculated dropped the packet (a ct() before it, e.g. the
    // table 0 `ct_state=-trk` rule, does not make a later drop any less of a drop).
    if (st.outputs.length === outputsBefore && st.recirculations.length === recirculationsBefore) {
      st.lastDrop = hit.dropEnd ??= {
        disposition: 'dropped',
        table: tableId,
        rule: hitStep(hit).rule,
        message: msg(`dropped by a rule of table ${tableId}`, `テーブル ${tableId} のルールで破棄`),
      };
    }
  }

  /** Runs an action list; 'stop' when a goto_table ended it or the run ended. */
  private execute(
    st: RunState,
    p: Packet,
    actions: readonly Action[],
    tableId: number,
    /** The flow or group whose actions these are (its text only when a step or end needs it). */
    source: { readonly raw: string },
    depth: number,
  ): 'stop' | 'done' {
    for (const a of actions) {
      if (st.end) return 'stop';
      switch (a.k) {
        case 'goto':
          this.doTable(st, p, a.table, depth + 1);
          return 'stop';
        case 'resubmit': {
          const saved = p[F.IN_PORT]!;
          if (a.port !== undefined) p[F.IN_PORT] = a.port;
          this.doTable(st, p, a.table ?? tableId, depth + 1);
          p[F.IN_PORT] = saved;
          break;
        }
        case 'output':
          this.emit(st, p, a.port);
          break;
        case 'output_field':
          this.emit(st, p, readBits(p, a.ref));
          break;
        case 'load':
          writeBits(p, a.ref, a.value);
          break;
        case 'move':
          writeBits(p, a.dst, readBits(p, a.src));
          break;
        case 'set':
          if (a.mask !== undefined) writeMasked(p, a.ref, a.value, a.mask);
          else writeBits(p, { ...a.ref, ofs: 0, nbits: a.ref.width }, a.value);
          break;
        case 'ct':
          if (a.table !== undefined) {
            const q = clonePacket(p);
            // ofproto/trace pops one --ct-next state per conntrack recirculation, else +trk+new
            q[F.CT_STATE] = st.ctNext[st.ctUsed++] ?? CT.trk | CT.new;
            st.recirculations.push({ table: a.table, packet: q });
          }
          break;
        case 'group':
          this.group(st, p, a.id, tableId, source, depth);
          break;
        case 'nop':
          break;
        case 'unsupported':
          st.end = {
            disposition: 'insufficient-info',
            table: tableId,
            rule: source.raw.trim(),
            message: msg(
              `action "${a.text}" is not simulated`,
              `アクション "${a.text}" はシミュレートできません`,
            ),
          };
          return 'stop';
      }
    }
    return st.end ? 'stop' : 'done';
  }

  /**
   * `group:N` (ovs-actions(7) "The group action"): the group's buckets, each on a copy of the
   * packet. Without the group dump, or with a group the dump lacks, the verdict is not guessed.
   */
  private group(
    st: RunState,
    p: Packet,
    id: number,
    tableId: number,
    source: { readonly raw: string },
    depth: number,
  ): void {
    const rule = source.raw.trim();
    if (!this.groups) {
      st.end = {
        disposition: 'insufficient-info',
        table: tableId,
        rule,
        message: msg(
          `group:${id}: the OVS groups were not collected (ovs-ofctl -O OpenFlow13 dump-groups br0)`,
          `group:${id}: OVS のグループが収集されていません（ovs-ofctl -O OpenFlow13 dump-groups br0）`,
        ),
      };
      return;
    }
    const g = this.groups.get(id);
    if (!g) {
      st.end = {
        disposition: 'insufficient-info',
        table: tableId,
        rule,
        message: msg(
          `group:${id} is not in the dumped groups (groups and flows were read at different moments?)`,
          `group:${id} がグループのダンプにありません（グループとフローを別の時点で読んだ可能性があります）`,
        ),
      };
      return;
    }
    if (g.group.type === 'ff' && g.buckets.length > 1) {
      // Fast failover picks the first bucket whose watched port is live: the dump has no liveness.
      st.end = {
        disposition: 'insufficient-info',
        table: tableId,
        rule: g.group.raw.trim(),
        message: msg(
          `group ${id} is a fast-failover group: which bucket is live is not in the dump`,
          `グループ ${id} は fast-failover グループで、どのバケットが有効かはダンプからわかりません`,
        ),
      };
      return;
    }
    this.rec(st, {
      kind: 'note',
      table: tableId,
      rule: g.group.raw.trim(),
      ...prose(
        g.buckets.length === 0
          ? msg(`group ${id} has no bucket: drop`, `グループ ${id} にバケットがありません: 破棄`)
          : msg(
              `group ${id} (${g.group.type}): following each of its ${count(g.buckets.length, 'bucket')}`,
              `グループ ${id}（${g.group.type}）: ${g.buckets.length} 個のバケットをそれぞれ追跡`,
            ),
      ),
    });
    for (const bucket of g.buckets) {
      if (st.end) return;
      this.execute(st, clonePacket(p), bucket, tableId, g.group, depth + 1);
    }
  }
}
