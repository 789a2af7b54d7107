/** Guide sections (`7.4.1`, `8, 13.2`; §N = 36.N / 39.N) in the guide's reading order. */

/** `7.4.1` < `8, 13.2` < `10`: numeric, by the first section listed. */
export function compareSections(a: string, b: string): number {
  const pa = (a.split(',')[0] ?? '').trim().split('.').map(Number);
  const pb = (b.split(',')[0] ?? '').trim().split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return 0;
}
