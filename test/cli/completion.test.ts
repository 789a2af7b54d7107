/** `sdn-doctor completion bash|zsh|fish`, run in bash as the shell would (built binary). */
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, MAIN, sdnDoctor } from './built.js';

/** What bash completes for `words` (the last one being typed) with the generated script loaded. */
function complete(words: string[]): Promise<string[]> {
  const script = `source <(${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _sdn_doctor
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return new Promise((resolve, reject) =>
    execFile('bash', ['-c', script], (err, stdout) =>
      err ? reject(err) : resolve(stdout.split('\n').filter(Boolean)),
    ),
  );
}

describe('completion (built binary)', () => {
  beforeAll(async () => {
    await buildOnce();
  }, 300_000);

  it('bash completes commands, subcommands and each command its own flags', async () => {
    expect(await complete(['sdn-doctor', 'ma'])).toEqual(['matrix']);
    expect(await complete(['sdn-doctor', 'lab', 'fa'])).toEqual(['fault']);
    expect(await complete(['sdn-doctor', 'analyze', '--fa'])).toEqual(['--fail-on']);
    // an option's value is not taken for a command: trace's flags after --bundle DIR
    expect(await complete(['sdn-doctor', 'trace', '--bundle', 'x', '--fr'])).toEqual(['--from']);
    expect(await complete(['sdn-doctor', 'analyze', '--fr'])).toEqual([]);
  });

  it('zsh and fish scripts name every command; an unknown shell is a usage error', async () => {
    const zsh = await sdnDoctor(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef sdn-doctor/);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await sdnDoctor(['completion', 'fish']);
    expect(fish.code).toBe(0);
    for (const c of ['analyze', 'collect', 'diagnose', 'trace', 'matrix', 'lab', 'version', 'completion'])
      expect(fish.stdout).toContain(`-n '__fish_use_subcommand' -f -a '${c}'`);
    expect(fish.stdout).toContain(
      `complete -c sdn-doctor -n '__fish_seen_subcommand_from analyze' -l 'fail-on'`,
    );
    const bad = await sdnDoctor(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sdn-doctor: completion must be one of bash, zsh, fish, got "tcsh"\n');
  });
});
