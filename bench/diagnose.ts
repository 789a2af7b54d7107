/**
 * `npm run bench -- diagnose`: diagnose over the whole fault catalogue (DESIGN.md §5) in a fresh
 * 3-node lab, one fault at a time, then the six IP failover faults (§12) in a lab with
 * `--ipfailover`, diagnosed on the route's URL (its name resolves to the VIPs), then (issue 11) the
 * plain catalogue and the isolation faults in a lab of the ovs-networkpolicy plugin, whose table 80
 * stands between the router and the pods. Prints a table (fault, exact?, seconds) and returns the
 * median time to verdict and how many faults were diagnosed exactly (targets: < 5 s, every fault),
 * and the same for the ipfailover faults and the networkpolicy lab alone.
 * Then the catalogue again on a 4.x lab (`lab up --release 4.x`, multitenant, rule version 13; the
 * SDN's log read from the sdn pods; issue 12 "Done when"): `diagnose_exact_4x: K/N` with its own
 * per-fault table. IP failover is 3.x's `oc adm ipfailover` here, so the 4.x run has no such lab.
 * Last, a 4.x lab of the networkpolicy plugin (rule version 13 with its conntrack tables 27/30/31):
 * the plain catalogue and the table 80 faults, `diagnose_exact_4x_np`.
 */
import type { FaultId } from '../src/model/faults.js';
import type { LabStatus } from '../src/lab/types.js';
import {
  catalogue,
  ipfCatalogue,
  type FaultCase,
  describeCauses,
  diagnoseLab,
  isExact,
  policyCatalogue,
  startLab,
  stopLab,
  uniqueLabName,
  withFault,
} from '../testkit/lab-harness.js';

interface Row {
  readonly fault: string;
  readonly exact: boolean;
  readonly seconds: number;
  readonly got: string;
}

/** Each case of `cases` alone on a fresh lab `name`, diagnosed on the lab's route URL. */
async function runCases(
  name: string,
  up: () => Promise<LabStatus>,
  cases: (s: LabStatus) => readonly FaultCase<FaultId>[],
): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    const status = await up();
    for (const c of cases(status)) {
      const r = await withFault(name, c, async () => {
        const t0 = performance.now();
        const result = await diagnoseLab(name);
        return { result, seconds: (performance.now() - t0) / 1000 };
      });
      const row = {
        fault: c.fault,
        exact: isExact(c, r.result),
        seconds: r.seconds,
        got: describeCauses(r.result).split('\n')[0] ?? '',
      };
      rows.push(row);
      console.log(
        `${row.fault.padEnd(24)} ${row.exact ? 'yes' : 'NO '} ${row.seconds.toFixed(2).padStart(6)} s  ${row.exact ? '' : row.got.slice(0, 100)}`,
      );
    }
  } finally {
    await stopLab(name);
  }
  return rows;
}

function median(rows: readonly Row[]): number {
  const times = rows.map((r) => r.seconds).sort((a, b) => a - b);
  return times.length ? (times[(times.length - 1) >> 1]! + times[times.length >> 1]!) / 2 : NaN;
}

export async function run(): Promise<Record<string, number | string>> {
  const plainName = uniqueLabName('bd');
  const plain = await runCases(plainName, () => startLab(plainName), catalogue);
  const ipfName = uniqueLabName('bdi');
  const ipf = await runCases(
    ipfName,
    () => startLab(ipfName, 'subnet', { ipfailover: true }),
    () => ipfCatalogue(),
  );
  const npName = uniqueLabName('bdn');
  const np = await runCases(
    npName,
    () => startLab(npName, 'networkpolicy'),
    (s) => [...catalogue(s), ...policyCatalogue()],
  );
  const all = [...plain, ...ipf];
  const fourName = uniqueLabName('bd4');
  console.log('4.x (rule version 13, multitenant):');
  const four = await runCases(
    fourName,
    () => startLab(fourName, 'multitenant', { release: '4.x' }),
    catalogue,
  );
  const fourNpName = uniqueLabName('bd4n');
  console.log('4.x (rule version 13, networkpolicy):');
  const fourNp = await runCases(
    fourNpName,
    () => startLab(fourNpName, 'networkpolicy', { release: '4.x' }),
    (s) => [...catalogue(s), ...policyCatalogue()],
  );
  return {
    ...figures(all, 'diagnose_median_s', 'diagnose_exact', 'diagnose_total'),
    ...figures(ipf, 'diagnose_ipf_median_s', 'diagnose_ipf_exact', 'diagnose_ipf_total'),
    ...figures(np, 'diagnose_median_np_s', 'diagnose_exact_np', 'diagnose_total_np'),
    ...figures(four, 'diagnose_median_s_4x', 'diagnose_exact_4x', 'diagnose_total_4x'),
    ...figures(fourNp, 'diagnose_median_s_4x_np', 'diagnose_exact_4x_np', 'diagnose_total_4x_np'),
  };
}

/** One lab's median and exact/total under its figure names (names are contracts, kept as issued). */
function figures(rows: readonly Row[], medianName: string, exactName: string, totalName: string) {
  return {
    [medianName]: median(rows),
    [exactName]: rows.filter((r) => r.exact).length,
    [totalName]: rows.length,
  };
}
