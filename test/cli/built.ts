/**
 * Runs the built CLI (`dist/cli/main.js`, what `npm install` puts on the PATH) as a user would:
 * a child process, its exit code, stdout and stderr. `buildOnce` builds it first (tsc).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const MAIN = join(ROOT, 'dist/cli/main.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Locale and colour variables removed, so each test says what it wants. */
function baseEnv(): NodeJS.ProcessEnv {
  const {
    LC_ALL: _all,
    LC_MESSAGES: _messages,
    NO_COLOR: _no,
    FORCE_COLOR: _force,
    TERM: _term,
    ...rest
  } = process.env;
  return { ...rest, LANG: 'C' };
}

export function run(
  file: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env: { ...baseEnv(), ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `sdn-doctor ARGS` through the built entry point. */
export function sdnDoctor(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return run(process.execPath, [MAIN, ...args], env);
}

let built: Promise<CliRun> | undefined;

/** `npm run build` once per test file. */
export function buildOnce(): Promise<CliRun> {
  built ??= run('npm', ['run', 'build'], {}, 300_000).then((r) => {
    if (r.code !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
    return r;
  });
  return built;
}
