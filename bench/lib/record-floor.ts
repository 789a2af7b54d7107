/**
 * What keeping parseOvsFlows' records costs, without reading anything: for every line of the
 * parser bench's dump, one record of OvsFlowRecord's eleven fields (its own slice of the text as
 * `raw`, a cookie, match and action lists shared by every record, the three counters as numbers,
 * `n_bytes` above 2³¹ and `duration` fractional as in a real dump: numbers V8 boxes), kept in one
 * array, the line bounds found beforehand. The best of 3 rounds, the parser bench's way, in a
 * process of its own so that neither measurement runs on a heap the other has grown.
 * Why: on a virtual machine where the first touch of a 4 KiB page costs ~5 µs, keeping 300 000
 * records of ~180 bytes is most of the parser's time (docs/dataplane.md); this is the ceiling of
 * any parser that returns them. Under bench/lib/ so that `npm run bench` does not take it for a
 * benchmark. Usage: tsx bench/lib/record-floor.ts → one JSON line `{ "perS": … }`.
 */
import { benchFlowDump } from '../parsers.js';

const dump = benchFlowDump();
const ends: number[] = [];
for (let i = dump.indexOf('\n'); i >= 0; i = dump.indexOf('\n', i + 1)) ends.push(i);
ends.push(dump.length);
const match = [{ field: 'ip' }];
const actions = [{ kind: 'goto_table', table: 30 }];

function keepRecords(text: string): object[] {
  const records: object[] = [];
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    records.push({
      line: i + 1,
      raw: text.slice(from, end),
      cookie: '0x0',
      table: 10,
      priority: 100,
      match,
      actions,
      actionsText: 'goto_table:30',
      nPackets: i,
      nBytes: 2875111192 + i,
      durationS: 436762.179 + i / 1000,
    });
    from = end + 1;
  }
  return records;
}

let best = Infinity;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  keepRecords(dump);
  best = Math.min(best, performance.now() - t0);
}
process.stdout.write(`${JSON.stringify({ perS: Math.round((ends.length / best) * 1000) })}\n`);
