// `npm run package`: the single-file executable (Node's single executable applications, SEA) of
// this platform, packed for krew, and the krew manifest that points to it.
//
//   release/sdn-doctor-<version>-<os>-<arch>.tar.gz   kubectl-sdn_doctor (the executable), README.md
//   release/sdn-doctor.yaml                          deploy/krew/sdn-doctor.yaml with the uri and
//                                                    sha256 of every archive in release/
//
// Steps (https://nodejs.org/docs/latest-v20.x/api/single-executable-applications.html):
// 1. esbuild bundles src/cli/main.ts and everything it imports into one CommonJS file (a SEA runs
//    one CommonJS script whose require() sees only Node's built-in modules). The commands'
//    dynamic imports stay lazy: esbuild turns them into calls that evaluate a module on first use.
// 2. `node --experimental-sea-config` turns it into a blob (with V8's code cache, for start-up),
//    carrying the xz decoder's native addon as an asset (scripts/sea/lzma.cjs loads it).
// 3. postject injects the blob into a copy of this node binary (the blob must come from the same
//    Node version); the sentinel fuse tells Node at start that a blob is there.
// The archive is of the platform this runs on: build on each platform (a CI matrix) to get each.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { inject } from 'postject';
import { create as createTar } from 'tar';
import { parseDocument } from 'yaml';
import { gitCommit } from './git-commit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** `--out DIR` (test/deploy/single-file.test.ts builds into a temp folder): default release/. */
const OUT = resolve(parseArgs({ options: { out: { type: 'string' } } }).values.out ?? join(ROOT, 'release'));
const BIN = 'kubectl-sdn_doctor';
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const TEMPLATE = join(ROOT, 'deploy/krew/sdn-doctor.yaml');

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const commit = gitCommit();

/** krew's os/arch names (krew's plugin-manifest docs) for this Node's platform. */
const OS = { linux: 'linux', darwin: 'darwin' }[process.platform];
const ARCH = { x64: 'amd64', arm64: 'arm64' }[process.arch];
/** @napi-rs/lzma's prebuilt addon for this platform (its optional dependencies). */
const LZMA_ADDON = {
  'linux-amd64': '@napi-rs/lzma-linux-x64-gnu',
  'linux-arm64': '@napi-rs/lzma-linux-arm64-gnu',
  'darwin-amd64': '@napi-rs/lzma-darwin-x64',
  'darwin-arm64': '@napi-rs/lzma-darwin-arm64',
}[`${OS}-${ARCH}`];
if (!OS || !ARCH || !LZMA_ADDON) {
  console.error(
    `npm run package: no single-file build for ${process.platform}/${process.arch} (linux or macOS, x64 or arm64)`,
  );
  process.exit(2);
}

/**
 * Optional packages that bundled libraries try in a try/catch and do without (ws: bufferutil and
 * utf-8-validate; node-fetch: encoding). They are not installed, and in a SEA require() of
 * anything but a built-in prints a warning, so the bundle holds a module that throws as a missing
 * one would.
 */
const ABSENT = /^(bufferutil|utf-8-validate|encoding)$/;
const absentOptional = {
  name: 'absent-optional',
  setup(b) {
    b.onResolve({ filter: ABSENT }, (a) => ({ path: a.path, namespace: 'absent' }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, (a) => ({
      contents: `throw Object.assign(new Error('Cannot find module ${a.path}'), { code: 'MODULE_NOT_FOUND' });`,
      loader: 'js',
    }));
  },
};

/** Fails the build if the bundle still require()s something that is not built into Node. */
function checkRequires(file) {
  const builtin = (name) => isBuiltin(name) || name === 'node:sea';
  const left = [...readFileSync(file, 'utf8').matchAll(/\brequire\((["'])([^"']+)\1\)/g)]
    .map((m) => m[2])
    .filter((name) => !builtin(name));
  if (left.length) throw new Error(`the bundle still requires ${[...new Set(left)].join(', ')}`);
}

// A Node built with a shared libnode (some distributions' packages) has no SEA fuse to flip.
if (process.config.variables.node_shared) {
  console.error(`npm run package: ${process.execPath} links a shared libnode; use an official Node build`);
  process.exit(2);
}

const archiveName = (os, arch) => `sdn-doctor-${version}-${os}-${arch}.tar.gz`;
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const step = (what) => console.log(`package: ${what}`);

const work = mkdtempSync(join(tmpdir(), 'sdn-doctor-package-'));
try {
  mkdirSync(OUT, { recursive: true });

  step('bundling src/cli/main.ts (esbuild)');
  const script = join(work, 'sdn-doctor.cjs');
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    // Node's SEA docs: import() does not work in the main script with useCodeCache. esbuild keeps
    // import('node:…') of built-ins as written unless told the target has no dynamic import; then
    // every import() becomes a lazy require().
    supported: { 'dynamic-import': false },
    logLevel: 'warning',
    // src/cli/build-info.ts: no package.json or dist/build-info.json beside a single file.
    define: {
      SDN_DOCTOR_BUILD: JSON.stringify({ version, commit }),
      // ESM's import.meta.url of the CommonJS bundle: the executable itself. Only the lab API
      // server's entry (src/lab/api/lifecycle.ts) reads it, and `lab up` is refused in the SEA.
      'import.meta.url': '__sdnDoctorSelfUrl',
    },
    banner: { js: "var __sdnDoctorSelfUrl = require('node:url').pathToFileURL(__filename).href;" },
    alias: { '@napi-rs/lzma': join(ROOT, 'scripts/sea/lzma.cjs') },
    plugins: [absentOptional],
  });
  checkRequires(script);

  step('making the SEA blob (node --experimental-sea-config)');
  const addon = createRequire(createRequire(import.meta.url).resolve('@napi-rs/lzma')).resolve(LZMA_ADDON);
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: script,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
      assets: { 'lzma.node': addon },
    }),
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { cwd: work, stdio: 'inherit' });

  step(`injecting it into a copy of ${process.execPath} (postject)`);
  const stage = join(work, 'stage');
  mkdirSync(stage);
  const exe = join(stage, BIN);
  copyFileSync(process.execPath, exe);
  // macOS: the copy's signature is invalid once changed; remove it first, sign ad hoc after.
  if (OS === 'darwin') execFileSync('codesign', ['--remove-signature', exe]);
  await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: FUSE,
    ...(OS === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
  });
  if (OS === 'darwin') execFileSync('codesign', ['--sign', '-', exe]);
  if (OS === 'linux')
    step(
      `(the "Can't find string offset for section name '.note…'" lines above are LIEF's, harmless: nodejs/postject#83)`,
    );
  chmodSync(exe, 0o755);
  copyFileSync(join(ROOT, 'README.md'), join(stage, 'README.md'));

  const archive = join(OUT, archiveName(OS, ARCH));
  step(`writing ${archive}`);
  rmSync(archive, { force: true });
  await createTar({ gzip: { level: 9 }, file: archive, cwd: stage, portable: true }, [BIN, 'README.md']);

  step(`writing ${join(OUT, 'sdn-doctor.yaml')} (krew manifest)`);
  writeManifest();
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * deploy/krew/sdn-doctor.yaml with this version, and for each platform the uri and sha256 of its
 * archive in release/ (archives of other platforms copied there from their builds count too);
 * a platform with no archive is left out, so the manifest names only artifacts that exist.
 * SDN_DOCTOR_RELEASE_URL is where the archives are published (default: the GitHub release).
 */
function writeManifest() {
  const doc = parseDocument(readFileSync(TEMPLATE, 'utf8'));
  const base =
    process.env.SDN_DOCTOR_RELEASE_URL ?? `${doc.getIn(['spec', 'homepage'])}/releases/download/v${version}`;
  doc.setIn(['spec', 'version'], `v${version}`);
  const platforms = doc.getIn(['spec', 'platforms']);
  const built = new Set(readdirSync(OUT));
  for (let i = platforms.items.length - 1; i >= 0; i--) {
    const p = platforms.items[i];
    const name = archiveName(
      p.getIn(['selector', 'matchLabels', 'os']),
      p.getIn(['selector', 'matchLabels', 'arch']),
    );
    if (!built.has(name)) {
      platforms.delete(i);
      continue;
    }
    p.set('uri', `${base.replace(/\/$/, '')}/${name}`);
    p.set('sha256', sha256(join(OUT, name)));
  }
  // The template's header speaks of the template (placeholder sha256): this one names real archives.
  doc.contents.items[0].key.commentBefore = undefined;
  doc.commentBefore =
    ' Generated by `npm run package` from deploy/krew/sdn-doctor.yaml: uri and sha256 of the archives\n' +
    ` beside it (sdn-doctor ${version}, commit ${commit}). Install the local build with\n` +
    ` kubectl krew install --manifest=sdn-doctor.yaml --archive=${archiveName(OS, ARCH)} (from this folder)`;
  writeFileSync(join(OUT, 'sdn-doctor.yaml'), doc.toString({ lineWidth: 0 }));
}
