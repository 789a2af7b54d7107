/**
 * Naming of everything a lab creates: one per-run name prefixes every
 * network namespace, run folder and pid file, so two labs never clash and `lab down --all` can
 * find the leftovers of a crashed lab.
 */
import { join } from 'node:path';
import { LabError } from './errors.js';

/** Prefix of every network namespace the lab creates. */
export const NETNS_PREFIX = 'sdl-';
/** Root of all lab run folders. */
export const RUN_ROOT = '/run/sdn-doctor/lab';
/** ip-netns(8) bind-mounts /etc/netns/<netns>/resolv.conf over /etc/resolv.conf. */
export const ETC_NETNS = '/etc/netns';

const LAB_NAME = /^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$/;

/** Throws unless `name` is a short DNS-label-like lab name (it becomes part of netns names). */
export function assertLabName(name: string): string {
  if (!LAB_NAME.test(name)) {
    throw new LabError(
      `lab name must be 1-16 characters of a-z, 0-9 and '-': ${JSON.stringify(name)}`,
      `ラボ名は a-z、0-9、'-' の 1〜16 文字です: ${JSON.stringify(name)}`,
    );
  }
  return name;
}

export const labNames = (name: string) => {
  const p = `${NETNS_PREFIX}${name}`;
  const runDir = join(RUN_ROOT, name);
  return {
    runDir,
    stateFile: join(runDir, 'state.json'),
    apiDir: join(runDir, 'api'),
    kubeconfig: join(runDir, 'kubeconfig'),
    /** The API as the client namespace reaches it (run sdn-doctor there with this). */
    clientKubeconfig: join(runDir, 'kubeconfig-client'),
    underlay: `${p}-ul`,
    client: `${p}-client`,
    outside: `${p}-ext`,
    node: (i: number) => `${p}-n${i}`,
    pod: (node: number, j: number) => `${p}-n${node}-p${j}`,
    nodeDir: (i: number) => join(runDir, `n${i}`),
    podDir: (node: number, j: number) => join(runDir, 'pods', `n${node}-p${j}`),
    routerDir: join(runDir, 'router'),
    dnsDir: join(runDir, 'dns'),
    outsideDir: join(runDir, 'outside'),
  };
};

export type LabNames = ReturnType<typeof labNames>;
