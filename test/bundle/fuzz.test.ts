import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/index.js';
import { BundleError, readBundle, writeBundle } from '../../src/sources/bundle/index.js';
import { sampleSnapshot, tempDir } from './helpers.js';

/** Either a Snapshot, or a one-line BundleError: never any other exception, never a stack trace. */
async function readsOrRefusesCleanly(path: string): Promise<void> {
  try {
    const snap = await readBundle(path);
    buildModel(snap); // whatever was read, the model builds
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    expect((e as Error).message).not.toContain('\n');
  }
}

describe('corrupted bundles (property tests)', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let good: Buffer;
  let manifest: string;
  beforeAll(async () => {
    dir = await tempDir();
    await writeBundle(await sampleSnapshot(), join(dir.path, 'good.tar.gz'));
    good = await readFile(join(dir.path, 'good.tar.gz'));
    await writeBundle(await sampleSnapshot(), join(dir.path, 'gooddir'));
    manifest = await readFile(join(dir.path, 'gooddir/manifest.json'), 'utf8');
  });
  afterAll(async () => dir.cleanup());

  it('byte flips and truncations of a .tar.gz', async () => {
    const p = join(dir.path, 'mut.tar.gz');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.option(fc.nat()),
        async (flips, cut) => {
          const bytes = Buffer.from(good);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          await writeFile(p, cut === null ? bytes : bytes.subarray(0, cut % bytes.length));
          await readsOrRefusesCleanly(p);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mutated manifest.json text', async () => {
    const d = join(dir.path, 'gooddir');
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.string({ maxLength: 12 }),
        async (at, del, insert) => {
          const i = at % manifest.length;
          await writeFile(join(d, 'manifest.json'), manifest.slice(0, i) + insert + manifest.slice(i + del));
          await readsOrRefusesCleanly(d);
        },
      ),
      { numRuns: 150 },
    );
    await writeFile(join(d, 'manifest.json'), manifest);
  });

  it('well-formed JSON of the wrong shape', async () => {
    const d = join(dir.path, 'gooddir');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await writeFile(join(d, 'manifest.json'), JSON.stringify(value));
        await readsOrRefusesCleanly(d);
      }),
      { numRuns: 100 },
    );
    await writeFile(join(d, 'manifest.json'), manifest);
  });
});

describe('corrupted debug.sh folders (property tests)', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  it('any text in any file of the layout: read, warnings, never an exception', async () => {
    const { cp } = await import('node:fs/promises');
    const src = join(import.meta.dirname, '../fixtures/bundles/debug-sh/openshift-sdn-debug');
    const d = join(dir.path, 'dbg');
    await cp(src, d, { recursive: true });
    const files = [
      'master/nodes',
      'master/hostsubnets',
      'master/clusternetwork',
      'nodes/node-3.example.test/flows',
      'nodes/node-3.example.test/ovs-show',
    ];
    const originals = await Promise.all(files.map((f) => readFile(join(d, f), 'utf8')));
    const yamlish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constant(
        'a: &a [*a, *a]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n',
      ),
      fc.constant('NAME   HOST   HOST IP\nn1     n1     10.0.0.1\n'),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: files.length - 1 }), fc.nat(), yamlish, async (which, at, text) => {
        const original = originals[which] ?? '';
        const i = at % (original.length + 1);
        await writeFile(join(d, files[which] ?? ''), original.slice(0, i) + text);
        await readsOrRefusesCleanly(d);
        await writeFile(join(d, files[which] ?? ''), original);
      }),
      { numRuns: 120 },
    );
  });
});
