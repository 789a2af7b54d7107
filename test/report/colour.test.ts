/** Column widths that know East Asian wide characters, English plurals, colour on and off. */
import { describe, expect, it } from 'vitest';
import { count } from '../../src/i18n/message.js';
import { displayWidth, padEndWidth, painter } from '../../src/report/colour.js';
import { renderTraceText } from '../../src/report/trace.js';
import type { Trace } from '../../src/dataplane/index.js';

describe('terminal columns and plurals', () => {
  it('pads by terminal columns: a Japanese label takes two columns per character', () => {
    expect(displayWidth('テーブル 70')).toBe(11);
    expect(padEndWidth('テーブル 70', 14)).toBe('テーブル 70   ');
    expect(displayWidth(padEndWidth('テーブル 70', 14))).toBe(displayWidth(padEndWidth('table 70', 14)));
    // already wider than the column: unchanged, never cut
    expect(padEndWidth('ノード名がとても長い', 4)).toBe('ノード名がとても長い');
  });

  it('counts in English with the noun in the right number', () => {
    expect(count(1, 'pair')).toBe('1 pair');
    expect(count(0, 'pair')).toBe('0 pairs');
    expect(count(2, 'class', 'classes')).toBe('2 classes');
  });

  it('paints only when enabled, and the text is the same underneath', () => {
    expect(painter(false)('error', 'x')).toBe('x');
    const on = painter(true)('error', 'x');
    expect(on).not.toBe('x');
    // eslint-disable-next-line no-control-regex
    expect(on.replace(/\u001b\[[0-9;]*m/g, '')).toBe('x');
  });

  it('trace steps line up in Japanese: a table label (wide) and a route label (narrow) end in the same column', () => {
    const trace = {
      disposition: 'delivered',
      hops: [
        {
          node: 'node-1',
          steps: [
            { kind: 'table', table: 0, action: 'goto_table:10', message: { en: 'a', ja: 'あ' } },
            { kind: 'route', action: 'via eth0', message: { en: 'b', ja: 'い' } },
          ],
        },
      ],
    } as unknown as Trace;
    const lines = renderTraceText(trace, 'ja', 't').split('\n').slice(2, 4);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('テーブル 0 ');
    const col = lines.map((l) => displayWidth(l.slice(0, l.search(/[あい]/))));
    expect(col[0]).toBe(col[1]);
  });

  it('trace labels are in the run language: every step kind and where the packet arrived', () => {
    const kinds = ['table', 'iptables', 'route', 'sysctl', 'tunnel', 'deliver', 'ingress', 'note'] as const;
    const trace = {
      disposition: 'delivered',
      deliveredTo: { kind: 'pod', namespace: 'ns', name: 'p', ip: '10.128.0.3' },
      hops: [
        {
          node: 'node-1',
          steps: kinds.map((kind) => ({ kind, action: 'x', message: { en: 'step', ja: 'ステップ' } })),
        },
      ],
    } as unknown as Trace;
    const ja = renderTraceText(trace, 'ja', 't');
    for (const word of ['テーブル', 'ルート', 'トンネル', '配送', '入口', '注記']) expect(ja).toContain(word);
    expect(ja).not.toMatch(/^\s+(table|route|tunnel|deliver|ingress|note)\b/m);
    expect(ja).toContain('Pod ns/p（10.128.0.3）');
    const en = renderTraceText(trace, 'en', 't');
    expect(en).toMatch(/^\s+ingress\s/m);
    expect(en).toContain('pod ns/p (10.128.0.3)');
  });
});
