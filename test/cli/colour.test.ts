/** Colour as a user sets it: NO_COLOR, FORCE_COLOR, --no-color, TERM=dumb, a pipe (built binary). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, ROOT, sdnDoctor } from './built.js';

const EXAMPLE = join(ROOT, 'examples/faulty-3node');
const ESC = '\u001b[';

describe('colour of every command (built binary, stdout a pipe)', () => {
  beforeAll(async () => {
    await buildOnce();
  }, 300_000);

  it('a pipe gets no colour; FORCE_COLOR gives it; NO_COLOR and --no-color take it away', async () => {
    const plain = await sdnDoctor(['analyze', EXAMPLE]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain(ESC);
    const forced = await sdnDoctor(['analyze', EXAMPLE], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(ESC);
    // eslint-disable-next-line no-control-regex
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
    expect((await sdnDoctor(['analyze', EXAMPLE], { FORCE_COLOR: '0' })).stdout).not.toContain(ESC);
    expect((await sdnDoctor(['analyze', EXAMPLE], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain(
      ESC,
    );
    expect((await sdnDoctor(['analyze', EXAMPLE, '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toContain(
      ESC,
    );
    expect((await sdnDoctor(['analyze', EXAMPLE], { TERM: 'dumb' })).stdout).not.toContain(ESC);
  });

  it('matrix and trace take --no-color too, and FORCE_COLOR colours the matrix grid', async () => {
    const forced = await sdnDoctor(['matrix', '--bundle', EXAMPLE], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(ESC);
    const off = await sdnDoctor(['matrix', '--bundle', EXAMPLE, '--no-color'], { FORCE_COLOR: '1' });
    expect(off.code).toBe(forced.code);
    expect(off.stdout).not.toContain(ESC);
    const trace = await sdnDoctor(
      ['trace', '--bundle', EXAMPLE, '--from', 'external', '--to', '10.128.0.1:80', '--no-color'],
      { FORCE_COLOR: '1' },
    );
    expect(trace.stderr).toBe('');
    expect(trace.stdout).not.toContain(ESC);
  });
});
