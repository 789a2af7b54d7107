/**
 * The single-file executable (the kubectl/oc plugin): `npm run package` (scripts/package.mjs) builds
 * sdn-doctor-<version>-<os>-<arch>.tar.gz and the krew manifest pointing to it; the binary in the
 * archive runs `analyze` on the example bundles with no Node anywhere on its PATH, from a folder
 * that is not the checkout, and gives the same JSON as the source CLI. Built once, into a temp
 * folder (a developer's release/ is left alone).
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { xz } from '@napi-rs/lzma';
import { c as createTar, list as listTar, x as extractTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../bundle/helpers.js';
import { run, ROOT } from '../cli/built.js';
import { listenOnLoopback, loopbackKubeconfig } from '../../testkit/loopback.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const ARCH = process.arch === 'x64' ? 'amd64' : process.arch;
const ARCHIVE = `sdn-doctor-${pkg.version}-${process.platform}-${ARCH}.tar.gz`;
const FAULTY = join(ROOT, 'examples/faulty-3node');
const HEALTHY = join(ROOT, 'examples/healthy-3node');
/** examples/README.md: the faults the faulty bundle holds (test/examples.test.ts holds the source to them). */
const FAULTS = [
  'flow-pod-missing',
  'flow-tun-dst-missing',
  'ip-forward-off',
  'svc-masquerade-missing',
  'svc-nat-missing',
];

interface Manifest {
  spec: {
    version: string;
    platforms: {
      selector: { matchLabels: { os: string; arch: string } };
      uri: string;
      sha256: string;
      bin: string;
    }[];
  };
}

let tmp: Awaited<ReturnType<typeof tempDir>>;
/** Where the package is built (`npm run package -- --out`). */
let out: string;
/** The archive unpacked: kubectl-sdn_doctor. */
let bin: string;
/** The only folder on the binary's PATH: nothing in it but what a test puts there (never node). */
let pathDir: string;
/** A working folder that is not the checkout (nothing beside the code to read). */
let cwd: string;
let packageSeconds = 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The binary as `env -i PATH=<pathDir>` would run it, from `cwd`. */
function exe(args: readonly string[], env: Record<string, string> = {}, file = bin): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { PATH: pathDir, HOME: cwd, LANG: 'C', ...env }, timeout: 60_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    );
  });
}

const faultIds = (json: string) =>
  [...new Set((JSON.parse(json) as { findings: { fault: string }[] }).findings.map((f) => f.fault))].sort();

beforeAll(async () => {
  tmp = await tempDir();
  out = join(tmp.path, 'release');
  cwd = join(tmp.path, 'elsewhere');
  pathDir = join(tmp.path, 'path');
  for (const d of [cwd, pathDir, join(tmp.path, 'unpacked')]) mkdirSync(d, { recursive: true });
  const t0 = Date.now();
  const built = await run(process.execPath, [join(ROOT, 'scripts/package.mjs'), '--out', out], {}, 600_000);
  packageSeconds = (Date.now() - t0) / 1000;
  if (built.code !== 0) throw new Error(`npm run package failed:\n${built.stdout}${built.stderr}`);
  await extractTar({ file: join(out, ARCHIVE), cwd: join(tmp.path, 'unpacked') });
  bin = join(tmp.path, 'unpacked', 'kubectl-sdn_doctor');
}, 600_000);

afterAll(async () => {
  await tmp?.cleanup();
});

describe('npm run package (single-file executable)', () => {
  it(`writes ${ARCHIVE}: kubectl-sdn_doctor (executable) and README.md`, async () => {
    const entries: { path: string; mode: number }[] = [];
    await listTar({
      file: join(out, ARCHIVE),
      onReadEntry: (e) => void entries.push({ path: e.path, mode: e.mode ?? 0 }),
    });
    expect(entries.map((e) => e.path).sort()).toEqual(['README.md', 'kubectl-sdn_doctor']);
    expect(entries.find((e) => e.path === 'kubectl-sdn_doctor')!.mode & 0o111).toBe(0o111);
    const mb = statSync(join(out, ARCHIVE)).size / 1e6;
    console.log(
      `single-file package: ${ARCHIVE} ${mb.toFixed(1)} MB, built in ${packageSeconds.toFixed(1)} s`,
    );
  });

  it('writes the krew manifest with the uri and sha256 of that archive', () => {
    const m = parse(readFileSync(join(out, 'sdn-doctor.yaml'), 'utf8')) as Manifest;
    expect(m.spec.version).toBe(`v${pkg.version}`);
    // Only platforms with an archive: this build's.
    expect(m.spec.platforms.map((p) => p.selector.matchLabels)).toEqual([
      { os: process.platform, arch: ARCH },
    ]);
    const [p] = m.spec.platforms;
    expect(p!.uri).toBe(
      `https://github.com/sdn-doctor/sdn-doctor/releases/download/v${pkg.version}/${ARCHIVE}`,
    );
    expect(p!.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(out, ARCHIVE)))
        .digest('hex'),
    );
    expect(p!.bin).toBe('kubectl-sdn_doctor');
    expect(existsSync(join(tmp.path, 'unpacked', p!.bin))).toBe(true);
  });

  it('the PATH the binary runs with has no node', () => {
    const r = spawnSync('/bin/sh', ['-c', 'command -v node'], { env: { PATH: pathDir }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
  });

  it('--version: the package version and the commit it was built from', async () => {
    const r = await exe(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^sdn-doctor ${pkg.version.replace(/\./g, '\\.')} \\(commit ([0-9a-f]{12}|unknown)\\)\\n$`),
    );
    expect(r.stderr).toBe('');
    const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
    if (head.status === 0) expect(r.stdout).toContain(`(commit ${head.stdout.trim()})`);
  });

  it('analyze examples/faulty-3node -o json: exit 1, the five faults, the same document as the source CLI', async () => {
    const r = await exe(['analyze', FAULTY, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(faultIds(r.stdout)).toEqual(FAULTS);
    const source = await run(process.execPath, [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'analyze',
      FAULTY,
      '-o',
      'json',
    ]);
    expect(source.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(source.stdout));
    console.log(`single-file analyze examples/faulty-3node: ${r.ms} ms`);
  });

  it('analyze examples/healthy-3node: exit 0', async () => {
    const r = await exe(['analyze', HEALTHY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 errors, 0 warnings');
  });

  it('analyze a .tar.xz bundle: the xz decoder carried in the binary loads', async () => {
    const tar = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      createTar({ cwd: join(ROOT, 'examples'), portable: true }, ['faulty-3node'])
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => resolve(Buffer.concat(chunks)))
        .on('error', reject);
    });
    const file = join(cwd, 'faulty-3node.tar.xz');
    writeFileSync(file, await xz.compress(tar));
    const r = await exe(['analyze', file, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(faultIds(r.stdout)).toEqual(FAULTS);
  });

  it('the live path is bundled: collect reads a loopback API server with its kubeconfig', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url?.split('?')[0]} ${req.headers.authorization ?? ''}`);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
        }),
      );
    });
    const port = await listenOnLoopback(server);
    try {
      const kubeconfig = await loopbackKubeconfig(cwd, port);
      const r = await exe([
        'collect',
        '--kubeconfig',
        kubeconfig,
        '-o',
        join(cwd, 'bundle'),
        '--timeout',
        '2',
      ]);
      // Nothing readable: an environment error in one line (no SEA warning, no stack trace).
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/Warning|\n\s+at /);
      expect(seen).toContain('GET /api/v1/nodes Bearer test-token');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('usage names the way it was called: kubectl sdn-doctor', async () => {
    const r = await exe(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kubectl sdn-doctor: unknown option '--bogus'\n/);
  });

  // kubectl finds the plugin on PATH (Debian's kubernetes-client is installed in CI by .ci/run).
  const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((f) => existsSync(f));
  if (!kubectl && !process.env.CI)
    console.log('single-file: kubectl not installed, `kubectl sdn-doctor` not tried');
  it.skipIf(!kubectl && !process.env.CI)(
    'kubectl sdn-doctor analyze: kubectl runs the plugin from PATH',
    async () => {
      if (!kubectl) throw new Error('kubectl is not installed (CI installs kubernetes-client)');
      const dir = join(tmp.path, 'kubectl-path');
      mkdirSync(dir, { recursive: true });
      symlinkSync(kubectl, join(dir, 'kubectl'));
      symlinkSync(bin, join(dir, 'kubectl-sdn_doctor'));
      const r = await exe(
        ['sdn-doctor', 'analyze', FAULTY, '-o', 'json'],
        { PATH: dir },
        join(dir, 'kubectl'),
      );
      expect(r.code).toBe(1);
      expect(faultIds(r.stdout)).toEqual(FAULTS);
    },
  );
});
