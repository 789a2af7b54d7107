import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKeepalivedLog } from '../../src/parsers/keepalived-log.js';
import { parseProcesses } from '../../src/parsers/processes.js';

const fixture = (dir: string, name: string): string =>
  readFileSync(new URL(`../fixtures/${dir}/${name}`, import.meta.url), 'utf8');

describe('parseKeepalivedLog (§12, ipf-debug.sh VRRP_Inst / Netli lines)', () => {
  it('reads keepalived 2.2.7 becoming MASTER after its check script succeeded (captured log)', () => {
    const { records, warnings } = parseKeepalivedLog(
      fixture('keepalived-log', 'keepalived-2.2.7-master.log'),
    );
    expect(warnings).toEqual([]);
    const short = records.events.map((e) => [e.kind, e.instance ?? e.script ?? '', e.state ?? e.ok ?? '']);
    expect(short).toEqual([
      ['netlink', '', ''],
      ['netlink', '', ''],
      ['script', 'chk_ipf_ha_router', false],
      ['script', 'chk_ipf_ha_router', false],
      ['script', 'chk_ipf_ha_router', true],
      ['script', 'chk_ipf_ha_router', true],
      ['state', 'ipf_ha_router_VIP_1', 'BACKUP'],
      ['state', 'ipf_ha_router_VIP_1', 'MASTER'],
    ]);
    const master = records.events.at(-1);
    expect(master?.raw).toContain('(ipf_ha_router_VIP_1) Entering MASTER STATE');
  });

  it('reads a check script that keeps failing (captured log)', () => {
    const { records } = parseKeepalivedLog(fixture('keepalived-log', 'keepalived-2.2.7-check-failing.log'));
    const scripts = records.events.filter((e) => e.kind === 'script');
    expect(scripts.at(-1)).toMatchObject({ script: 'chk_ipf_ha_router', ok: false });
    expect(records.events.some((e) => e.kind === 'state')).toBe(false);
  });

  it('reads keepalived 1.x journal lines and ignores other services', () => {
    const text = [
      'Dec 05 03:30:03 node-1 Keepalived_vrrp[812]: VRRP_Instance(ipf_ha_router_VIP_2) Transition to MASTER STATE',
      'Dec 05 03:30:04 node-1 Keepalived_vrrp[812]: VRRP_Instance(ipf_ha_router_VIP_2) Entering MASTER STATE',
      'Dec 05 03:30:05 node-1 atomic-openshift-node[900]: I1205 Entering a state of bliss',
      '-- No entries --',
    ].join('\n');
    const { records } = parseKeepalivedLog(text);
    expect(records.events.map((e) => [e.line, e.state])).toEqual([
      [1, 'MASTER'],
      [2, 'MASTER'],
    ]);
  });

  it('an empty journal answer is no events', () => {
    expect(parseKeepalivedLog('-- No entries --\n').records.events).toEqual([]);
  });
});

describe('parseProcesses (§12, ps ax | grep keepalived)', () => {
  it('reads `ps -e -o pid=,args=` with kernel threads and keepalived (captured)', () => {
    const { records, warnings } = parseProcesses(fixture('processes', 'ps-keepalived.txt'));
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.pid, r.command])).toEqual([
      [1, 'process_api'],
      [2, '[kthreadd]'],
      [3, '[pool_workqueue_release]'],
      [8762, 'keepalived'],
      [8763, 'keepalived'],
      [8765, 'keepalived'],
      [8766, 'keepalived'],
    ]);
  });

  it('a line that is not PID ARGS is a warning, never a process', () => {
    const r = parseProcesses('error: unsupported option (BSD syntax)\n  12 /usr/sbin/keepalived -D\n');
    expect(r.records.map((p) => p.command)).toEqual(['keepalived']);
    expect(r.warnings.map((w) => w.line)).toEqual([1]);
  });
});
