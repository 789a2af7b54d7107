// The git commit a build is made from (`npm run build` and `npm run package` record it for
// `sdn-doctor version`); `unknown` outside a git checkout (an unpacked npm package).
import { execFileSync } from 'node:child_process';

export function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
