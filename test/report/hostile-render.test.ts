/**
 * Property test over every text renderer: strings from outside (names, messages, ids, warnings,
 * excerpts, rules, evidence) never put ESC, CSI (ESC [ or U+009B), OSC or a bare CR on the
 * terminal; JUnit always parses as XML (checked by Python's expat, a real parser); JSON holds no raw
 * C1 and decodes back to the same data.
 */
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/checks/analyze.js';
import type { Trace } from '../../src/dataplane/index.js';
import type { MatrixResult } from '../../src/dataplane/index.js';
import type { DiagnoseResult } from '../../src/diagnose/types.js';
import { msg } from '../../src/i18n/message.js';
import {
  createProgress,
  renderDiagnoseText,
  renderJson,
  renderJunit,
  renderText,
  verdictLines,
} from '../../src/report/index.js';
import { boundedLine, jsonText, terminalSafe, xmlSafe } from '../../src/report/sanitize.js';
import { renderTraceText, traceToJson } from '../../src/report/trace.js';
import { matrixToJson, renderMatrixText } from '../../src/report/matrix.js';

const INJECTIONS = [
  '\u001b[2J',
  '\u001b]0;TITLE\u0007',
  '\u001b]8;;http://x\u001b\\',
  '\u009b31m',
  '\u009d0;T\u009c',
  '\r',
  '\rFAKE\nSummary: 0 error(s)',
  '\n',
  '\u0000',
  '\u007f',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udc00',
  '\u202e',
  '<',
  '&',
  ']]>',
  '"\'',
];

const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...INJECTIONS),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.string(),
    ),
    { maxLength: 8 },
  )
  .map((parts) => `web${parts.join('')}`);

const hostileMsg = fc.tuple(hostile, hostile).map(([en, ja]) => msg(en, ja));

/** Our own colour codes (SGR) and the progress line's `\r ESC[2K` are the only escapes allowed. */
function assertTerminalClean(out: string, own: RegExp[] = []): void {
  let rest = out;
  for (const r of own) rest = rest.replace(r, '');
  expect(rest).not.toContain('\u001b');
  expect(rest).not.toMatch(/[\u0080-\u009f]/);
  expect(rest).not.toMatch(/\r/);
  // eslint-disable-next-line no-control-regex
  expect(rest).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
}

const analysis = fc
  .record({
    s: fc.array(hostile, { minLength: 16, maxLength: 16 }),
    m: fc.array(hostileMsg, { minLength: 6, maxLength: 6 }),
  })
  .map(
    ({ s, m }): AnalysisResult => ({
      nodes: [s[0]!],
      findings: [
        {
          check: s[1]!,
          fault: s[2]! as never,
          severity: 'error',
          section: s[3]!,
          node: s[4]!,
          pod: s[5]!,
          service: s[6]!,
          route: s[7]!,
          message: m[0]!,
          fix: m[1]!,
          evidence: [{ artifact: s[8]!, line: 3, excerpt: s[9]! }],
        },
      ],
      statuses: [
        { check: s[1]!, section: s[3]!, title: m[2]!, status: 'fail', unknown: [] },
        {
          check: s[10]!,
          section: '7.4',
          title: m[3]!,
          status: 'unknown',
          unknown: [{ node: s[11]!, reason: m[4]! }],
        },
      ],
      warnings: [{ source: s[12]!, node: s[13]!, line: 2, message: m[5]!, excerpt: s[14]! }],
    }),
  );

const diagnosis = fc
  .record({
    s: fc.array(hostile, { minLength: 12, maxLength: 12 }),
    m: fc.array(hostileMsg, { minLength: 5, maxLength: 5 }),
  })
  .map(
    ({ s, m }): DiagnoseResult => ({
      url: s[0]!,
      verdict: {
        healthy: false,
        causes: [
          {
            fault: s[1]! as never,
            section: s[2]!,
            node: s[3]!,
            pod: s[4]!,
            service: s[5]!,
            route: s[6]!,
            summary: m[0]!,
            fix: m[1]!,
            evidence: [s[7]!],
            step: 'external.dns' as never,
          },
        ],
        unchecked: [{ step: s[8]! as never, reason: m[2]! }],
      },
      steps: [
        {
          id: 'external.dns' as never,
          section: s[9]!,
          title: m[3]!,
          status: 'fail',
          ran: [{ where: s[10]!, argv: ['dig', s[11]!] }],
          evidence: [s[7]!],
          verdict: m[4]!,
          durationMs: 1,
        },
      ],
      durationMs: 1,
      api: {} as never,
      artifacts: [],
    }),
  );

const trace = fc
  .record({
    s: fc.array(hostile, { minLength: 8, maxLength: 8 }),
    m: fc.array(hostileMsg, { minLength: 2, maxLength: 2 }),
  })
  .map(
    ({ s, m }): Trace => ({
      disposition: 'dropped',
      hops: [
        {
          node: s[0]!,
          steps: [
            { kind: 'table', table: 20, rule: s[1]!, action: s[2]! },
            { kind: 'iptables', table: s[3]!, action: 'x', message: m[0]! },
          ],
        },
      ],
      deliveredTo: { kind: 'pod', namespace: s[4]!, name: s[5]!, ip: s[6]! },
      cause: { node: s[0]!, rule: s[7]!, message: m[1]! },
    }),
  );

const matrix = fc.record({ s: fc.array(hostile, { minLength: 6, maxLength: 6 }), m: hostileMsg }).map(
  ({ s, m }): MatrixResult => ({
    schemaVersion: 1,
    counts: {
      pairs: 1,
      reachable: 0,
      broken: 1,
      byKind: {
        'pod-pod': { pairs: 1, reachable: 0 },
        'pod-service': { pairs: 0, reachable: 0 },
        'node-pod': { pairs: 0, reachable: 0 },
      },
    },
    truncated: false,
    maxPairs: 10,
    pairs: [{ from: s[0]!, to: s[1]!, reachable: false, cause: s[2]!, message: m }],
    broken: [
      {
        cause: s[2]!,
        message: m,
        disposition: 'dropped',
        node: s[3]!,
        rule: s[4]!,
        pairs: 1,
        examples: [{ from: s[0]!, to: s[5]! }],
      },
    ],
    stats: { pods: 2, podClasses: 2, traces: 1 },
  }),
);

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const PROGRESS = /\r\u001b\[2K/g;

/** Every document parsed by expat in one Python process; returns the error of each (or ''). */
function xmlErrors(docs: string[]): string[] {
  const py =
    'import sys,json,xml.dom.minidom\nout=[]\nfor d in json.load(sys.stdin):\n  try:\n    xml.dom.minidom.parseString(d.encode("utf-8","surrogatepass")); out.append("")\n  except Exception as e: out.append(str(e))\nprint(json.dumps(out))';
  const r = spawnSync('python3', ['-c', py], { input: JSON.stringify(docs), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('sanitiser', () => {
  it('escapes control characters visibly instead of emitting or dropping them', () => {
    expect(terminalSafe('web\u001b[2J\rFAKE\nSummary')).toBe('web\\x1b[2J\\rFAKE\\nSummary');
    expect(terminalSafe('a\u009bb\u007fc\td')).toBe('a\\x9bb\\x7fc d');
    expect(terminalSafe('x\ud800y\ud83d\ude00')).toBe('x\\ud800y\ud83d\ude00');
    expect(xmlSafe('<a\uffff&')).toBe('&lt;a\\uffff&amp;');
    expect(jsonText({ a: 'x\u009by' })).toBe('{\n  "a": "x\\u009by"\n}');
    expect(JSON.parse(jsonText({ a: 'x\u009by' }))).toEqual({ a: 'x\u009by' });
  });

  it('bounds a long line (a 3000-level path) keeping both ends', () => {
    const path = Array.from({ length: 3000 }, () => 'd').join('/');
    const line = boundedLine(`cannot read bundle: ENAMETOOLONG ${path}/x.txt`);
    expect(line.length).toBeLessThanOrEqual(600);
    expect(line).toMatch(/^cannot read bundle: ENAMETOOLONG d\/d/);
    expect(line).toMatch(/characters\]….*\/x\.txt$/);
    expect(boundedLine('short')).toBe('short');
  });
});

describe('every text renderer under hostile strings', () => {
  it('analyze text (with and without colour): no ESC, CSI, OSC or bare CR from the input', () => {
    fc.assert(
      fc.property(analysis, (r) => {
        assertTerminalClean(renderText(r, { lang: 'en' }));
        assertTerminalClean(renderText(r, { lang: 'ja', color: true }), [SGR]);
        // A forged line never starts a line of its own.
        expect(
          renderText(r, { lang: 'en' })
            .split('\n')
            .filter((l) => l.startsWith('Summary:')),
        ).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it('analyze json: no raw C1/DEL, and the data decodes unchanged apart from excerpts', () => {
    fc.assert(
      fc.property(analysis, (r) => {
        const out = renderJson(r, 'en');
        expect(out).not.toMatch(/[\u007f-\u009f]/);
        const back = JSON.parse(out) as { findings: { pod: string }[] };
        expect(back.findings[0]!.pod).toBe(r.findings[0]!.pod);
      }),
      { numRuns: 200 },
    );
  });

  it('junit: always well-formed XML, with no control characters', () => {
    const docs: string[] = [];
    fc.assert(
      fc.property(analysis, (r) => {
        const out = renderJunit(r, 'en');
        assertTerminalClean(out);
        docs.push(out);
      }),
      { numRuns: 200 },
    );
    const errors = xmlErrors(docs);
    expect(errors.filter((e) => e !== '')).toEqual([]);
  });

  it('junit: a check title holding U+FFFE / U+FFFF still parses', () => {
    const r: AnalysisResult = {
      nodes: [],
      findings: [],
      statuses: [
        { check: 'c', section: '7', title: msg('x\ufffe\uffff\u0001', 'x'), status: 'pass', unknown: [] },
      ],
      warnings: [],
    };
    expect(xmlErrors([renderJunit(r, 'en')])).toEqual(['']);
  });

  it('diagnose: text report, verdict, live progress (tty and pipe) and json', async () => {
    const samples = fc.sample(diagnosis, 150);
    for (const d of samples) {
      assertTerminalClean(renderDiagnoseText(d, 'en'));
      assertTerminalClean(verdictLines(d, 'ja').join('\n'));
      expect(jsonText({ url: d.url })).not.toMatch(/[\u007f-\u009f]/);
      for (const tty of [true, false]) {
        let text = '';
        const sink = new Writable({
          write(chunk: Buffer, _enc, done) {
            text += chunk.toString();
            done();
          },
        });
        const p = createProgress(sink, tty, 'en', true);
        const step = d.steps[0]!;
        p.onEvent({ type: 'step-start', id: step.id, section: step.section, title: step.title });
        p.onEvent({ type: 'step-end', step });
        p.stop();
        await new Promise((r) => setImmediate(r));
        assertTerminalClean(text, [PROGRESS, SGR]);
      }
    }
  });

  it('trace and matrix text and json', () => {
    fc.assert(
      fc.property(trace, matrix, (t, m) => {
        assertTerminalClean(renderTraceText(t, 'en', `trace ${t.hops[0]!.node}`));
        assertTerminalClean(renderMatrixText(m, 'ja'));
        expect(jsonText(traceToJson(t))).not.toMatch(/[\u007f-\u009f]/);
        expect(jsonText(matrixToJson(m))).not.toMatch(/[\u007f-\u009f]/);
      }),
      { numRuns: 200 },
    );
  });
});
