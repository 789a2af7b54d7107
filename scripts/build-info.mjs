// Records the git commit of this build in dist/build-info.json (read by `sdn-doctor version`).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { gitCommit } from './git-commit.mjs';

const commit = gitCommit();
mkdirSync('dist', { recursive: true });
writeFileSync('dist/build-info.json', `${JSON.stringify({ commit })}\n`);

// The bin entry (sdn-doctor, kubectl-sdn_doctor, oc-sdn_doctor) must be executable in a clone
// too: kubectl only runs plugins it can execute, and tsc writes files without the x bit.
chmodSync('dist/cli/main.js', 0o755);
