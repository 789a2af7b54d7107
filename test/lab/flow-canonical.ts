/**
 * Flows compared by meaning: the add-flow spelling openshift-sdn writes and the dump of a real OVS
 * (or the fake-ovs `expectedFlows` spelling) reduce to one canonical line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Canonical form of a flow, whether written for add-flow or dumped by ovs-ofctl. */
export function canonical(flow: string): string {
  const at = flow.indexOf('actions=');
  const head = flow.slice(0, at).replace(/\s+/g, '');
  let actions = flow.slice(at + 'actions='.length).replace(/\s+/g, '');
  actions = actions.replace(
    /load:(\d+)->/g,
    (_, n: string) => `load:${n === '0' ? '0' : `0x${Number(n).toString(16)}`}->`,
  );
  // OVS pads a note to 6 bytes on dump (pipeline.md §6)
  actions = actions.replace(/^note:([0-9a-f.]+)$/i, (_, n: string) => {
    const bytes = n.split('.');
    while (bytes.length < 6) bytes.push('00');
    return `note:${bytes.join('.')}`;
  });
  let table = '0';
  let priority = '32768';
  let cookie = '0x0';
  const tokens: string[] = [];
  for (const t of head.split(',').filter(Boolean)) {
    const [k, v = ''] = t.split('=');
    if (k === 'table') table = v;
    else if (k === 'priority') priority = v;
    else if (k === 'cookie') cookie = `0x${BigInt(v).toString(16)}`;
    else if (['duration', 'n_packets', 'n_bytes', 'idle_age'].includes(k!)) continue;
    else tokens.push(t);
  }
  const arp = tokens.includes('arp');
  const l4 = tokens.includes('tcp') || tokens.includes('udp');
  const norm = tokens
    .filter((t) => !(l4 && t === 'ip'))
    .map((t) => {
      let [k, v = ''] = t.split('=') as [string, string];
      if (arp && k === 'nw_src') k = 'arp_spa';
      if (arp && k === 'nw_dst') k = 'arp_tpa';
      if (k === 'tcp_dst' || k === 'udp_dst') k = 'tp_dst';
      if (k === 'ip_frag') k = 'nw_frag';
      if (/^reg\d$/.test(k) && /^\d+$/.test(v)) v = v === '0' ? '0' : `0x${Number(v).toString(16)}`;
      v = v.replace(/\/32$/, '');
      return v ? `${k}=${v}` : k;
    })
    .sort();
  return `table=${table} priority=${priority} cookie=${cookie} ${norm.join(',')} actions=${actions}`;
}

export function sampleFlows(file: string): string[] {
  return readFileSync(join(__dirname, 'fixtures', file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(' cookie='))
    .map(canonical);
}
