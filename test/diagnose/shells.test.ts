import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runArgv } from '../../src/sources/live/run-argv.js';
import { quoteShellCommand, quoteShellWord } from '../../src/sources/live/shell-quote.js';
import { createSshShell, sshArgv } from '../../src/sources/live/ssh-shell.js';
import { createLocalShell } from '../../src/sources/live/local-shell.js';
import { createNodeShell, isNodeShellSpec } from '../../src/sources/shells.js';

const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-shells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Prints each argument on its own line, NUL-separated, so the test can compare exact words. */
async function echoThroughShell(words: string[]): Promise<string[]> {
  const r = await runArgv(['sh', '-c', `printf '%s\\0' ${quoteShellCommand(words)}`], { timeoutMs: 5000 });
  expect(r.exitCode).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

describe('quoteShellWord', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(quoteShellWord('10.128.0.1')).toBe('10.128.0.1');
    expect(quoteShellWord('')).toBe("''");
    expect(quoteShellWord('a b')).toBe("'a b'");
    expect(quoteShellWord("it's")).toBe("'it'\\''s'");
    expect(quoteShellWord('$(reboot)')).toBe("'$(reboot)'");
    // an unquoted first word A=B would be a shell assignment, not a command
    expect(quoteShellWord('A=B')).toBe("'A=B'");
  });

  it('refuses NUL', () => {
    expect(() => quoteShellWord('a\0b')).toThrow();
  });

  it('round-trips hostile words through a real sh', async () => {
    const words = [
      '$(touch /tmp/pwned)',
      '`id`',
      "a'b",
      'a"b',
      'x;y',
      '|&<>',
      '*',
      '~',
      '\n',
      'tab\there',
      '-n',
      '',
    ];
    expect(await echoThroughShell(words)).toEqual(words);
  });

  it('round-trips arbitrary strings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
          { minLength: 1, maxLength: 4 },
        ),
        async (ws) => {
          expect(await echoThroughShell(ws)).toEqual(ws);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('runArgv', () => {
  it('returns output and exit code', async () => {
    const r = await runArgv(['sh', '-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 5000 });
    expect(r).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    expect(r.error).toBeUndefined();
  });

  it('kills a hanging command and its children at the timeout', async () => {
    const pidFile = join(dir, 'child.pid');
    const r = await runArgv(['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 300 });
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/timeout after 300 ms/);
    expect(r.durationMs).toBeLessThan(2000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((res) => setTimeout(res, 100));
    // The grandchild is gone too (dead or a zombie waiting for init to reap it).
    const state = existsSync(`/proc/${pid}/stat`)
      ? readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0]
      : 'gone';
    expect(['gone', 'Z', 'X']).toContain(state);
  });

  it('reports a missing program as an error, not a throw', async () => {
    const r = await runArgv(['/nonexistent/prog'], { timeoutMs: 1000 });
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/cannot run/);
  });
});

describe('ssh shell', () => {
  // A stand-in for ssh that behaves like it: the last word is the remote command line, run by sh.
  const fakeSsh = join(dir, 'fake-ssh');
  writeFileSync(fakeSsh, '#!/bin/sh\nfor last; do :; done\nexec sh -c "$last"\n');
  chmodSync(fakeSsh, 0o755);

  it('builds BatchMode argv with the command as one quoted word', () => {
    expect(sshArgv('node-1', ['ip', 'route', 'get', '10.0.0.1'], 2000, { user: 'core' })).toEqual([
      'ssh',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=2',
      '-l',
      'core',
      '--',
      'node-1',
      'ip route get 10.0.0.1',
    ]);
    expect(() => sshArgv('-oProxyCommand=x', ['true'], 1000)).toThrow();
  });

  it('delivers every argv word intact to the remote side', async () => {
    const shell = createSshShell({ sshBinary: fakeSsh });
    const words = ['printf', '%s|', 'a b', "c'd", '$(echo no)'];
    const r = await shell.run({ kind: 'node', node: 'node-1' }, words, { timeoutMs: 5000 });
    expect(r.stdout).toBe("a b|c'd|$(echo no)|");
  });

  it('cannot enter a pod', async () => {
    const r = await createSshShell().run({ kind: 'pod', node: 'n', namespace: 'a', name: 'b' }, ['true'], {
      timeoutMs: 100,
    });
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/cannot enter pod/);
  });
});

describe('local shell and createNodeShell', () => {
  it('runs on its own node only', async () => {
    const shell = createLocalShell({ localNode: 'me' });
    expect((await shell.run({ kind: 'node', node: 'me' }, ['echo', 'hi'], { timeoutMs: 2000 })).stdout).toBe(
      'hi\n',
    );
    const other = await shell.run({ kind: 'node', node: 'other' }, ['echo', 'hi'], { timeoutMs: 2000 });
    expect(other.exitCode).toBeNull();
    expect(other.error).toMatch(/only on node me/);
  });

  it('validates the spec and its needs', () => {
    expect(isNodeShellSpec('lab:x1')).toBe(true);
    expect(isNodeShellSpec('telnet')).toBe(false);
    expect(() => createNodeShell('pod-exec')).toThrow(/kubeconfig/);
    expect(createNodeShell('local').name).toBe('local');
  });
});
