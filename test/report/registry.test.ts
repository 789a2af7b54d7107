/**
 * The reporter registry: every reporting command has text, json and yaml; junit where CI wants it;
 * yaml is the JSON document in another syntax; an unknown format is no reporter.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ClusterDataplane, computeMatrix, resolveSource, resolveTarget } from '../../src/dataplane/index.js';
import { buildModel } from '../../src/model/build.js';
import { formatsFor, reporterFor, type ReportCommand } from '../../src/report/index.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import { faultyResult } from './result-fixtures.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/faulty-3node');

describe('reporter registry', () => {
  it('lists the formats of each command', () => {
    const table: Record<ReportCommand, readonly string[]> = {
      analyze: formatsFor('analyze'),
      diagnose: formatsFor('diagnose'),
      trace: formatsFor('trace'),
      matrix: formatsFor('matrix'),
    };
    expect(table).toEqual({
      analyze: ['text', 'json', 'yaml', 'junit'],
      diagnose: ['text', 'json', 'yaml', 'junit'],
      trace: ['text', 'json', 'yaml'],
      matrix: ['text', 'json', 'yaml', 'junit'],
    });
    expect(reporterFor('trace', 'junit')).toBeUndefined();
    expect(reporterFor('analyze', 'toString')).toBeUndefined();
  });

  it('renders analyze as the same document in json and yaml, and as JUnit', () => {
    const r = faultyResult();
    const opts = { lang: 'ja' as const, color: false };
    const json = JSON.parse(reporterFor('analyze', 'json')!(r, opts)) as unknown;
    expect(parseYaml(reporterFor('analyze', 'yaml')!(r, opts))).toEqual(json);
    const junit = reporterFor('analyze', 'junit')!(r, opts);
    expect(junit).toContain('<testsuite name="sdn-doctor analyze"');
    expect(junit).toContain('対処');
  });

  it('renders trace and matrix of the faulty example through the registry', async () => {
    const model = buildModel(await readBundle(EXAMPLE)).model;
    const dp = new ClusterDataplane(model);
    const m = computeMatrix(dp);
    const opts = { lang: 'en' as const, color: false };
    const junit = reporterFor('matrix', 'junit')!(m, opts);
    const failures = m.broken.filter((b) => !b.isolation).length;
    expect(failures).toBeGreaterThan(0);
    expect(junit).toContain(`failures="${failures}"`);
    expect(parseYaml(reporterFor('matrix', 'yaml')!(m, opts))).toEqual(
      JSON.parse(reporterFor('matrix', 'json')!(m, opts)),
    );

    const pod = model.pods!.value.find((p) => p.namespace === 'shop' && !p.hostNetwork)!;
    const from = resolveSource(model, `pod/shop/${pod.name}`);
    const to = resolveTarget(model, 'svc/demo/web:80', undefined);
    if (!from.ok || !to.ok) throw new Error('example pod or service missing');
    const trace = dp.trace(from.value, to.value);
    const text = reporterFor('trace', 'text')!({ trace, title: 'trace X → Y' }, opts);
    expect(text.split('\n')[0]).toBe('trace X → Y');
    const doc = parseYaml(reporterFor('trace', 'yaml')!({ trace, title: 't' }, opts)) as {
      disposition: string;
    };
    expect(doc.disposition).toBe(trace.disposition);
  });
});
