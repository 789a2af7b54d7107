/** The terminal matrix's node × node grid on the example bundles, with and without colour. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMatrixText } from '../../src/report/matrix.js';
import { loadClusterModel } from '../../src/cli/sources.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { nodeGridLines } from '../../src/report/matrix-cells.js';
import { runCli } from '../checks/run-cli.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

async function matrixOf(example: string) {
  const model = await loadClusterModel({ bundle: join(EXAMPLES, example) });
  return computeMatrix(new ClusterDataplane(model), { nodeGrid: true });
}

describe('matrix text: node × node grid', () => {
  it('draws the faulty example: broken cells as X, healthy ones as ., above the groups', async () => {
    const m = await matrixOf('faulty-3node');
    const lines = nodeGridLines(m, 'en', false);
    expect(lines.slice(1, 5)).toEqual([
      '            1 2 3',
      '  1 node-1  . X X',
      '  2 node-2  X . X',
      '  3 node-3  X X X',
    ]);
    const text = renderMatrixText(m, 'en');
    expect(text.indexOf('pod → pod by node')).toBeLessThan(text.indexOf('Broken pairs, by cause'));
    expect(text).not.toContain('\u001b[');
    // colour adds to the characters, it does not replace them
    const coloured = nodeGridLines(m, 'en', true).join('\n');
    // broken is bold red (SGR 1 and 31), closed after the cell
    expect(coloured).toContain('\u001b[1m\u001b[31mX\u001b[39m\u001b[22m');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(lines.join('\n'));
  });

  it('is all reachable on the healthy example, in Japanese too', async () => {
    const m = await matrixOf('healthy-3node');
    const lines = nodeGridLines(m, 'ja', false);
    expect(lines[0]).toContain('ノード別');
    expect(lines.slice(2, 5).every((l) => /\. \. \.$/.test(l))).toBe(true);
  });

  it('no grid when the matrix has no node grid (JSON runs do not compute it)', async () => {
    const model = await loadClusterModel({ bundle: join(EXAMPLES, 'healthy-3node') });
    expect(nodeGridLines(computeMatrix(new ClusterDataplane(model)), 'en', false)).toEqual([]);
  });

  it('the CLI on a pipe prints the grid without colour', async () => {
    const r = await runCli(['matrix', '--bundle', 'examples/faulty-3node'], {});
    expect(r.stdout).toContain('  2 node-2  X . X');
    expect(r.stdout).not.toContain('\u001b[');
  }, 60_000);
});
