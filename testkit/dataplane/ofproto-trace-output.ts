/**
 * Reads the bridge section of `ovs-appctl ofproto/trace` output into the list of OpenFlow outputs
 * that really happened: `3`, or `1@192.168.50.12` for vxlan0 with the tunnel destination at that
 * moment. Outputs OVS refused (`>> skipping output to input port`, `>> Nonexistent output port`)
 * are left out, so an empty list means the packet was dropped.
 */
export function ofprotoOutputs(text: string): string[] {
  const outputs: string[] = [];
  // A request OVS could not parse must never count as "dropped".
  if (text.startsWith('error:')) return [text.slice(0, 200)];
  const flowLine = /^Flow: (.*)$/m.exec(text)?.[1] ?? '';
  let tunDst = /(?:^|,)tun_dst=([\d.]+)/.exec(flowLine)?.[1] ?? '0.0.0.0';
  let pending: string | undefined;
  const commit = (): void => {
    if (pending !== undefined) outputs.push(pending === '1' ? `1@${tunDst}` : pending);
    pending = undefined;
  };
  // Each recirculation (ct(table=N)) prints its own bridge section, ending at `Final flow:`.
  const sections = [...text.matchAll(/^bridge\("[^"]+"\)\n-+\n([\s\S]*?)^Final flow:/gm)].map(
    (m) => m[1] ?? '',
  );
  for (const line of sections.join('\n').split('\n')) {
    const t = line.trim();
    if (t.startsWith('>>') || t.startsWith('->')) {
      if (
        /skipping output to input port|Nonexistent output port|is not a valid|no such port|bad port/i.test(t)
      )
        pending = undefined;
      const reg = /output port is (\d+)/.exec(t);
      if (reg && pending === 'reg') pending = reg[1];
      continue;
    }
    commit();
    const setTun = /^set_field:([\d.]+)->tun_dst$/.exec(t);
    if (setTun) tunDst = setTun[1]!;
    const out = /^output:(\S+)$/.exec(t);
    if (out) pending = /^\d+$/.test(out[1]!) ? out[1] : 'reg';
  }
  commit();
  return outputs.filter((o) => o !== 'reg');
}
