/** Reads a fixture of the host-command parser tests (test/fixtures/<dir>/<name>, see SOURCES.md there). */
import { readdirSync, readFileSync } from 'node:fs';

export type HostFixtureDir =
  | 'ip-route'
  | 'ip-addr'
  | 'sysctl'
  | 'resolv-conf'
  | 'node-config'
  | 'journal'
  | 'dig'
  | 'curl'
  | 'ping'
  | 'tracepath'
  | 'ethtool';

const root = new URL('../fixtures/', import.meta.url);

export function hostFixture(dir: HostFixtureDir, name: string): string {
  return readFileSync(new URL(`${dir}/${name}`, root), 'utf8');
}

/** Every fixture of a folder except SOURCES.md, as [name, text]. */
export function hostFixtures(dir: HostFixtureDir): [string, string][] {
  return readdirSync(new URL(`${dir}/`, root))
    .filter((f) => f !== 'SOURCES.md')
    .sort()
    .map((f) => [f, hostFixture(dir, f)]);
}

/** Drops the `raw` text of located records so expectations stay readable (raw is checked separately). */
export function withoutRaw<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'raw' ? undefined : v))) as T;
}
