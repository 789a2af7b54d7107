/**
 * The VXLAN arrivals waiting at one receiving node (matrix pass 1 → ingress): ~4·N² of them for N
 * nodes (16·10⁶ at 2000), so they are kept as three 32-bit numbers each in one growing typed array
 * rather than as objects or JS arrays (a JS array of numbers costs 8 bytes an entry and is copied
 * as it grows; objects cost ~10 times that and slow every garbage collection).
 */
export class ArrivalList {
  private data = new Int32Array(24);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** An arrival from source `source` (index into the matrix's sources) to tunnel endpoint `tunDst`. */
  push(source: number, tunDst: number, transitions: number): void {
    if ((this.count + 1) * 3 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.count++ * 3;
    this.data[at] = source;
    this.data[at + 1] = tunDst | 0;
    this.data[at + 2] = transitions;
  }

  /** Forgets every arrival, keeping the room they took for the next ones. */
  clear(): void {
    this.count = 0;
  }

  source(i: number): number {
    return this.data[i * 3]!;
  }

  /** The tunnel endpoint, an IPv4 address as an unsigned number. */
  tunDst(i: number): number {
    return this.data[i * 3 + 1]! >>> 0;
  }

  transitions(i: number): number {
    return this.data[i * 3 + 2]!;
  }
}
