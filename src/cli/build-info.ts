/**
 * The version of this build: package.json's version and the git commit it was built from.
 * `npm run build` writes dist/build-info.json; the single-file build (`npm run package`) defines
 * SDN_DOCTOR_BUILD instead, as it has no package folder around it. From source: the checkout's HEAD.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  readonly version: string;
  readonly commit: string;
}

declare const SDN_DOCTOR_BUILD: BuildInfo | undefined;

function readJson(url: URL): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function gitHead(dir: URL): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: fileURLToPath(dir),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

let cached: BuildInfo | undefined;

/** Read once per run (`--version`, `version` and the HTML header all ask). */
export function buildInfo(): BuildInfo {
  cached ??= readBuildInfo();
  return cached;
}

function readBuildInfo(): BuildInfo {
  if (typeof SDN_DOCTOR_BUILD !== 'undefined') return SDN_DOCTOR_BUILD;
  // src/cli/ and dist/cli/ are both two folders below the package root.
  const root = new URL('../../', import.meta.url);
  const version = readJson(new URL('package.json', root))?.version;
  const built = readJson(new URL('dist/build-info.json', root))?.commit;
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    version: typeof version === 'string' ? version : 'unknown',
    commit: (fromSource ? gitHead(root) : typeof built === 'string' ? built : undefined) ?? 'unknown',
  };
}
