/** The command line as a user meets it: exit codes, one-line usage errors, --lang first, version. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../src/sources/bundle/index.js';
import { buildOnce, MAIN, ROOT, run, sdnDoctor } from './built.js';
import { closedLoopbackPort, loopbackKubeconfig } from '../../testkit/loopback.js';

const EXAMPLE = join(ROOT, 'examples/faulty-3node');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('sdn-doctor command line (built binary)', () => {
  beforeAll(async () => {
    await buildOnce();
  }, 300_000);

  it('usage errors exit 2 with one line and a pointer to --help, not the whole help', async () => {
    const cases: [string[], RegExp, string][] = [
      [['analyze', '--bogus', 'x'], /unknown option '--bogus'/, 'sdn-doctor analyze --help'],
      [['analyze'], /missing required argument 'inputs'/, 'sdn-doctor analyze --help'],
      [['no-such-command'], /unknown command 'no-such-command'/, 'sdn-doctor --help'],
      [
        ['trace', '--bundle', EXAMPLE, '--from', 'external'],
        /required option '--to <target>'/,
        'sdn-doctor trace --help',
      ],
    ];
    for (const [args, line, help] of cases) {
      const r = await sdnDoctor(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(2);
      expect(lines[0]).toMatch(line);
      expect(lines[1]).toBe(`See '${help}' for usage.`);
    }
  });

  it('--lang ja is honoured before anything else is parsed, for parse errors too', async () => {
    const r = await sdnDoctor(['--lang', 'ja', 'analyze', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "sdn-doctor: 不明なオプションです: --bogus\n使い方は 'sdn-doctor analyze --help' を参照してください。\n",
    );
    const after = await sdnDoctor(['analyze', '--lang', 'ja']);
    expect(after.stderr).toContain('必須の引数');
    const bad = await sdnDoctor(['--lang', 'xx', 'analyze', EXAMPLE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sdn-doctor: --lang must be one of en, ja, got "xx"\n');
  });

  it('--help exits 0 on stdout', async () => {
    const r = await sdnDoctor(['analyze', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-o, --output <format>');
    expect(r.stdout).toContain('text, json, yaml, junit');
  });

  it('version and --version: package version, commit, schema versions; -o json', async () => {
    const line = await sdnDoctor(['--version']);
    expect(line.code).toBe(0);
    expect(line.stdout).toMatch(
      new RegExp(`^sdn-doctor ${VERSION.replace(/\./g, '\\.')} \\(commit [0-9a-f]{7,}\\)\n$`),
    );
    const json = await sdnDoctor(['version', '-o', 'json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      version: string;
      commit: string;
      schemaVersions: Record<string, number>;
    };
    expect(doc.version).toBe(VERSION);
    expect(doc.commit).toMatch(/^[0-9a-f]{7,}$/);
    expect(Object.keys(doc.schemaVersions).sort()).toEqual([
      'analyze',
      'bundle',
      'diagnose',
      'matrix',
      'trace',
    ]);
  });

  it('start-up loads no heavy module: --version none, analyze of a bundle not the Kubernetes client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-loads-'));
    try {
      // a resolve hook that records every module the process loads (Node's module.register)
      const hooks = join(dir, 'hooks.mjs');
      const list = join(dir, 'loaded.txt');
      writeFileSync(
        hooks,
        `import { appendFileSync } from 'node:fs';
export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(list)}, r.url + '\\n'); return r; }`,
      );
      const register = join(dir, 'register.mjs');
      writeFileSync(
        register,
        `import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});`,
      );
      const loaded = async (args: string[]): Promise<string> => {
        writeFileSync(list, '');
        const r = await run(process.execPath, ['--import', register, MAIN, ...args]);
        expect(r.code, r.stderr).not.toBe(2);
        return readFileSync(list, 'utf8');
      };
      const version = await loaded(['--version']);
      expect(version).toContain('/dist/cli/main.js');
      for (const heavy of [
        '@kubernetes/client-node',
        '/tar/',
        '/zod/',
        '/yaml/',
        '/dist/lab/',
        '/dist/checks/',
      ])
        expect(version, heavy).not.toContain(heavy);
      const analyze = await loaded(['analyze', EXAMPLE]);
      expect(analyze).toContain('/dist/checks/');
      for (const heavy of ['@kubernetes/client-node', '/dist/lab/', '/dist/sources/live/kube-config'])
        expect(analyze, heavy).not.toContain(heavy);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-o yaml on analyze, trace and matrix; junit on matrix', async () => {
    const a = await sdnDoctor(['analyze', EXAMPLE, '-o', 'yaml']);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/^schemaVersion: 1\nfindings:\n/);
    const m = await sdnDoctor(['matrix', '--bundle', EXAMPLE, '-o', 'junit']);
    expect(m.code).toBe(1);
    expect(m.stdout).toContain('<testsuite name="sdn-doctor matrix"');
    const t = await sdnDoctor([
      'trace',
      '--bundle',
      EXAMPLE,
      '--from',
      'external',
      '--to',
      '10.128.0.1:80',
      '-o',
      'yaml',
    ]);
    expect(t.stdout).toMatch(/^schemaVersion: 1\ndisposition: /);
    const bad = await sdnDoctor([
      'trace',
      '--bundle',
      EXAMPLE,
      '--from',
      'external',
      '--to',
      '10.128.0.1',
      '-o',
      'junit',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sdn-doctor: -o/--output must be one of text, json, yaml, html, got "junit"\n');
  });

  it('analyze --check/--skip choose checks by check id or fault id; an unknown name is a usage error', async () => {
    const checksOf = (stdout: string): string[] =>
      (JSON.parse(stdout) as { checks: { check: string }[] }).checks.map((c) => c.check);
    const only = await sdnDoctor(['analyze', '--check', 'mtu,ip-forward-off', EXAMPLE, '-o', 'json']);
    expect(only.code).toBe(1); // ip-forward-off is a fault of the example
    expect(checksOf(only.stdout).sort()).toEqual(['ip-forward', 'mtu']);
    const healthy = await sdnDoctor(['analyze', EXAMPLE, '--check', 'mtu', '--check', 'router-dns']);
    expect(healthy.code).toBe(0);
    const all = checksOf((await sdnDoctor(['analyze', EXAMPLE, '-o', 'json'])).stdout);
    const skipped = await sdnDoctor(['analyze', EXAMPLE, '-o', 'json', '--skip', 'mtu']);
    expect(checksOf(skipped.stdout)).toEqual(all.filter((c) => c !== 'mtu'));
    const typo = await sdnDoctor(['analyze', EXAMPLE, '--check', 'mtu,nope']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'sdn-doctor: no check or fault named nope (hint: the ids are in -o json "checks")\n',
    );
  });

  it('works as a kubectl/oc plugin: the bin is executable and usage names the way it was called', async () => {
    expect(statSync(MAIN).mode & 0o111).toBe(0o111);
    const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-plugin-'));
    try {
      for (const bin of ['kubectl-sdn_doctor', 'oc-sdn_doctor']) symlinkSync(MAIN, join(dir, bin));
      const direct = await run(join(dir, 'oc-sdn_doctor'), ['analyze', '--bogus']);
      expect(direct.code).toBe(2);
      expect(direct.stderr).toBe(
        "oc sdn-doctor: unknown option '--bogus'\nSee 'oc sdn-doctor analyze --help' for usage.\n",
      );
      // kubectl finds the plugin on PATH (CI images without kubectl say so and check the bin alone)
      const hasKubectl = (process.env.PATH ?? '').split(':').some((p) => p && existsSync(join(p, 'kubectl')));
      if (!hasKubectl) console.warn('kubectl not installed: kubectl sdn-doctor not run');
      else {
        const kubectl = await run('kubectl', ['sdn-doctor', 'analyze', '--bogus'], {
          PATH: `${dir}:${process.env.PATH ?? ''}`,
        });
        expect(kubectl.code).toBe(2);
        expect(kubectl.stderr).toContain("See 'kubectl sdn-doctor analyze --help' for usage.");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no kubeconfig at all: one line saying how to get one (oc login, --kubeconfig), exit 2', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sdn-doctor-nohome-'));
    try {
      for (const args of [
        ['collect', '-o', join(home, 'b.tar.gz')],
        ['diagnose', 'http://127.0.0.1:9/'],
      ]) {
        const r = await sdnDoctor(args, { HOME: home, KUBECONFIG: '' });
        expect(r.code, args[0]).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines, args[0]).toHaveLength(1);
        expect(lines[0]).toMatch(/^sdn-doctor: no kubeconfig .*oc login <API URL>.*--kubeconfig FILE/);
        const ja = await sdnDoctor([...args, '--lang', 'ja'], { HOME: home, KUBECONFIG: '' });
        expect(ja.stderr).toContain('kubeconfig がありません');
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('collect -n: a name that is no namespace, or -n with -A, is a usage error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sdn-doctor-ns-'));
    try {
      const bad = await sdnDoctor(['collect', '-o', join(home, 'b.tar.gz'), '-n', '../../api']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^sdn-doctor: not a namespace name: "..\/..\/api"/);
      const both = await sdnDoctor(['collect', '-o', join(home, 'b.tar.gz'), '-n', 'shop', '-A']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('cannot be used together');
      expect(existsSync(join(home, 'b.tar.gz'))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('matrix -n: pairs of that namespace only, the scope in the JSON and the text; bad names refused', async () => {
    const r = await sdnDoctor(['matrix', '--bundle', EXAMPLE, '-n', 'shop', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { namespaces: string[]; pairs: { from: string; to: string }[] };
    expect(doc.namespaces).toEqual(['shop']);
    expect(doc.pairs.length).toBeGreaterThan(0);
    for (const p of doc.pairs) expect(`${p.from} ${p.to}`).toMatch(/(pod|svc)\/shop\//);
    const text = await sdnDoctor(['matrix', '--bundle', EXAMPLE, '-n', 'shop', '--lang', 'ja']);
    expect(text.stdout).toContain('shop に端点を持つ組だけ（-n）');
    const bad = await sdnDoctor(['matrix', '--bundle', EXAMPLE, '-n', 'Shop_1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^sdn-doctor: not a namespace name: "Shop_1"/);
  });

  it('diagnose with an API that cannot be reached: one line names it and its steps; nothing shown that did not run', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sdn-doctor-down-'));
    try {
      const port = await closedLoopbackPort();
      const kubeconfig = await loopbackKubeconfig(home, port);
      const args = ['diagnose', `http://127.0.0.1:${port}/`, '--kubeconfig', kubeconfig, '--timeout', '1'];
      const text = await sdnDoctor([...args, '-q']);
      expect(text.code).toBe(1);
      expect(text.stdout.match(/the API could not be read/g)).toHaveLength(1);
      expect(text.stdout).toMatch(/steps: external\.router-host, router\.endpoints, router\.route/);
      const json = await sdnDoctor([...args, '-o', 'json']);
      const doc = JSON.parse(json.stdout) as { steps: { id: string; ran: { argv: string[] }[] }[] };
      const ran = doc.steps.flatMap((s) => s.ran.map((r) => r.argv[0]));
      expect(ran).not.toContain('dns.resolve4');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a URL without a scheme is suggested http://', async () => {
    const r = await sdnDoctor(['diagnose', 'www.example.com']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean http://www.example.com');
  });

  it('diagnose --from: a bad source or target is one usage line, exit 2, in both languages', async () => {
    const src = await sdnDoctor(['diagnose', '--from', 'deployment/x', 'svc/demo/web:80']);
    expect(src.code).toBe(2);
    expect(src.stderr).toContain('--from takes pod/NS/NAME or node/NAME, not deployment/x');
    const tgt = await sdnDoctor(['--lang', 'ja', 'diagnose', '--from', 'node/node-1', 'ftp://x/']);
    expect(tgt.code).toBe(2);
    expect(tgt.stderr).toContain('対象ではありません: ftp://x/');
  });

  it('EPIPE (piped to a reader that left) is silent; a full disk is one line, exit 2', async () => {
    const head = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const sh = `node ${JSON.stringify(join(ROOT, 'dist/cli/main.js'))} analyze ${JSON.stringify(EXAMPLE)} -o json | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}" >&2`;
      import('node:child_process').then(({ execFile }) =>
        execFile('bash', ['-c', sh], (err, _out, stderr) => resolve({ code: err ? 1 : 0, stderr })),
      );
    });
    expect(head.stderr).not.toMatch(/EPIPE|at /);
    const full = await new Promise<{ stderr: string; status: string }>((resolve) => {
      const sh = `node ${JSON.stringify(join(ROOT, 'dist/cli/main.js'))} analyze ${JSON.stringify(EXAMPLE)} >/dev/full; echo "status=$?" >&2`;
      import('node:child_process').then(({ execFile }) =>
        execFile('bash', ['-c', sh], (_err, _out, stderr) => resolve({ stderr, status: stderr })),
      );
    });
    expect(full.stderr).toBe('sdn-doctor: no space left on the device\nstatus=2\n');
  });

  it('collect -o refuses a format name and an existing bundle without --force', async () => {
    const json = await sdnDoctor(['collect', '-o', 'json', '--lab', 'x']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe(
      'sdn-doctor: -o of collect is the bundle path, not a format: "json" (hint: -o cluster.tar.gz)\n',
    );
    const existing = await sdnDoctor(['collect', '-o', EXAMPLE, '--lab', 'x']);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toBe(
      `sdn-doctor: ${EXAMPLE} already exists (hint: --force to replace it, or another -o)\n`,
    );
  });

  it('analyze of a bundle with nothing checkable says so and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-empty-'));
    try {
      const bundle = join(dir, 'empty');
      await writeBundle(
        { collectedAt: '2026-01-01T00:00:00Z', collector: 'live', api: {}, artifacts: [], warnings: [] },
        bundle,
      );
      const r = await sdnDoctor(['analyze', bundle]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Nothing could be checked');
      expect(r.stdout).not.toContain('No problems found.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
