/**
 * What keeping parseOvsFlows' records costs, without reading anything: for every line of the
 * parser bench's dump, one record of the shape the parser gives a line with statistics (its
 * PlainFlow: the line number, its own slice of the text as `raw`, a cookie and the table as its
 * own fields, and a body of priority, match and actions shared by every record), kept in one
 * array, the line bounds found beforehand. The best of 3 rounds, the parser bench's way, in a
 * process of its own so that neither measurement runs on a heap the other has grown.
 * Why: on a virtual machine where the first touch of a 4 KiB page costs ~5 µs, keeping 300 000
 * records is much of the parser's time (docs/dataplane.md); this is the ceiling of any parser
 * that returns them. Under bench/lib/ so that `npm run bench` does not take it for a benchmark.
 * Usage: tsx bench/lib/record-floor.ts → one JSON line `{ "perS": … }`.
 */
import { benchFlowDump } from '../parsers.js';

const dump = benchFlowDump();
const ends: number[] = [];
for (let i = dump.indexOf('\n'); i >= 0; i = dump.indexOf('\n', i + 1)) ends.push(i);
ends.push(dump.length);
const body = {
  priority: 100,
  match: [{ field: 'ip' }],
  actions: [{ kind: 'goto_table', table: 30 }],
  actionsText: 'goto_table:30',
};

/** The parser's record of a line with statistics, field for field (its getters read `body`). */
class KeptFlow {
  constructor(
    readonly line: number,
    readonly raw: string,
    readonly cookie: string,
    readonly table: number,
    readonly body: object,
  ) {}
}

function keepRecords(text: string): object[] {
  const records: object[] = [];
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    records.push(new KeptFlow(i + 1, text.slice(from, end), '0x0', 10, body));
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
