/**
 * Helpers for the lab end-to-end tests: they need root, network namespaces and Open vSwitch.
 * In CI (CI=true) they always run; elsewhere without root they are skipped with a printed reason.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { inNetns, run, type RunResult } from '../src/lab/exec.js';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
export const canRunLab = process.env.CI === 'true' || isRoot;
if (!canRunLab)
  console.log('lab e2e tests skipped: they need root (network namespaces, OVS); CI=true runs them');

/** A unique, short lab name for this run (it prefixes every namespace the lab creates). */
export const uniqueLabName = (tag: string): string => `${tag}${randomBytes(3).toString('hex')}`;

export const sh = (netns: string, argv: readonly string[], timeoutMs = 10_000): Promise<RunResult> =>
  run(inNetns(netns, argv), { timeoutMs });

export interface CurlResult {
  /** curl's exit code: 0 ok, 6 cannot resolve, 7 refused/unreachable, 28 timeout. */
  readonly exit: number | null;
  readonly http: string;
  readonly bytes: number;
  readonly body: string;
}

/** curl from a namespace; `-m` bounds the whole transfer. */
export async function curl(
  netns: string,
  url: string,
  timeoutS = 5,
  extra: readonly string[] = [],
): Promise<CurlResult> {
  const r = await sh(
    netns,
    ['curl', '-sS', '-k', '-m', String(timeoutS), '-w', '\n%{http_code} %{size_download}', ...extra, url],
    (timeoutS + 5) * 1000,
  );
  const lines = r.stdout.split('\n');
  const [http = '000', bytes = '0'] = (lines.pop() ?? '').split(' ');
  return { exit: r.code, http, bytes: Number(bytes), body: lines.join('\n') };
}

export async function dig(netns: string, name: string, search = false): Promise<string[]> {
  const r = await sh(netns, ['dig', search ? '+search' : '+nosearch', '+short', '+time=1', '+tries=1', name]);
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

const KUBECTL = '/usr/bin/kubectl';

/** kubectl with a kubeconfig; from inside `netns` when given (the client's vantage point). */
export function kubectl(
  kubeconfig: string,
  args: readonly string[],
  netns?: string,
): Promise<{ stdout: string; stderr: string; code: number }> {
  const argv = [KUBECTL, '--kubeconfig', kubeconfig, ...args];
  const [program, ...rest] = netns ? inNetns(netns, argv) : argv;
  return new Promise((resolve) => {
    execFile(program!, rest, { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : -1) : 0 });
    });
  });
}
