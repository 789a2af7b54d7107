/** Reads a fixture of the OVS / iptables parser tests (test/fixtures/<dir>/<name>). */
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../fixtures/', import.meta.url);

export function fixture(dir: 'ovs' | 'ovs-flows' | 'iptables', name: string): string {
  return readFileSync(new URL(`${dir}/${name}`, root), 'utf8');
}

/** Every `.txt` fixture of a folder, as [name, text]. */
export function allFixtures(dir: 'ovs' | 'ovs-flows' | 'iptables'): [string, string][] {
  return readdirSync(new URL(`${dir}/`, root))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f, fixture(dir, f)]);
}

/** The lines as the parsers number them (1-based: line n is lines[n - 1]). */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}
