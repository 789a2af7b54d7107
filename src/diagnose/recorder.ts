/**
 * Runs the walk's steps one after another and records each: what it ran, where, the evidence,
 * the status and the verdict. A step that throws, or starts after the run's time bound, is
 * `unknown` with the reason — never `pass`.
 */
import { msg, type Msg, type Text } from '../i18n/message.js';
import { FAULT_SECTIONS } from '../model/faults.js';
import type { Ran } from '../sources/probes/types.js';
import type { Candidate } from './root-cause.js';
import type { DiagnoseEvent, HiddenBy, StepId, StepResult, StepStatus, Unchecked } from './types.js';

export type CauseInput = Omit<Candidate, 'step' | 'section'> & { readonly section?: string };

export interface StepScope {
  ran(r: Ran | undefined): void;
  evidence(...lines: readonly (Text | undefined)[]): void;
  pass(verdict: Msg): void;
  fail(verdict: Msg): void;
  unknown(verdict: Msg): void;
  cause(c: CauseInput): void;
}

export class StepRecorder {
  readonly steps: StepResult[] = [];
  readonly causes: Candidate[] = [];
  readonly unchecked: Unchecked[] = [];

  constructor(
    private readonly remaining: () => number,
    private readonly onEvent?: (e: DiagnoseEvent) => void,
  ) {}

  async run(
    id: StepId,
    section: string,
    title: Msg,
    fn: (s: StepScope) => Promise<void> | void,
  ): Promise<StepResult> {
    this.onEvent?.({ type: 'step-start', id, section, title });
    const started = Date.now();
    const ran: Ran[] = [];
    const evidence: Text[] = [];
    let status: StepStatus | undefined;
    let verdict: Msg = msg('no conclusion', '結論なし');
    const set = (s: StepStatus, v: Msg): void => {
      // fail beats unknown beats pass: a later "pass" never hides an earlier problem.
      const rank = { skipped: 0, pass: 1, unknown: 2, fail: 3 } as const;
      if (status === undefined || rank[s] >= rank[status]) {
        status = s;
        verdict = v;
      }
    };
    const scope: StepScope = {
      ran: (r) => {
        if (r) ran.push(r);
      },
      evidence: (...lines) => {
        for (const l of lines) if (l !== undefined && l !== '') evidence.push(l);
      },
      pass: (v) => set('pass', v),
      fail: (v) => set('fail', v),
      unknown: (v) => set('unknown', v),
      cause: (c) => {
        this.causes.push({ ...c, section: c.section ?? FAULT_SECTIONS[c.fault], step: id });
      },
    };
    if (this.remaining() <= 0) {
      set(
        'unknown',
        msg('not run: the time bound of the whole run was reached', '未実行: 全体の制限時間に達しました'),
      );
    } else {
      try {
        await fn(scope);
      } catch (e) {
        set(
          'unknown',
          msg(
            `could not be checked: ${(e as Error).message}`,
            `確認できませんでした: ${(e as Error).message}`,
          ),
        );
      }
    }
    const result: StepResult = {
      id,
      section,
      title,
      status: status ?? 'unknown',
      ran,
      evidence,
      verdict,
      durationMs: Date.now() - started,
    };
    if (result.status === 'unknown') this.unchecked.push({ step: id, reason: result.verdict });
    this.steps.push(result);
    this.onEvent?.({ type: 'step-end', step: result });
    return result;
  }

  /**
   * A layer the walk could not see because a root cause sits in front of it: listed under the
   * verdict with that cause; a step that failed only because of it becomes `unknown` — its
   * failure proves nothing about what lies behind (`failedOnlyThere`).
   */
  hidden(id: StepId, reason: Msg, hiddenBy: HiddenBy | undefined, failedOnlyThere = false): void {
    if (
      this.unchecked.some(
        (u) => u.step === id && u.hiddenBy?.fault === hiddenBy?.fault && (hiddenBy || u.reason === reason),
      )
    )
      return;
    this.unchecked.push({ step: id, reason, ...(hiddenBy ? { hiddenBy } : {}) });
    const i = this.steps.findIndex((x) => x.id === id);
    const step = this.steps[i];
    if (failedOnlyThere && step && step.status === 'fail') {
      this.steps[i] = { ...step, status: 'unknown', verdict: reason };
    }
  }

  /** A step the walk did not need (or could not reach), with the reason. */
  skip(
    id: StepId,
    section: string,
    title: Msg,
    reason: Msg,
    status: 'skipped' | 'unknown' = 'skipped',
  ): void {
    const result: StepResult = {
      id,
      section,
      title,
      status,
      ran: [],
      evidence: [],
      verdict: reason,
      durationMs: 0,
    };
    if (status === 'unknown') this.unchecked.push({ step: id, reason });
    this.steps.push(result);
    this.onEvent?.({ type: 'step-end', step: result });
  }
}
