/**
 * The reporter registry: every reporting command has text, json, yaml and html; junit where CI
 * wants it; yaml is the JSON document in another syntax; an unknown format is no reporter.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { analyzeModel } from '../../src/checks/analyze.js';
import { ClusterDataplane, computeMatrix, resolveSource, resolveTarget } from '../../src/dataplane/index.js';
import { buildModel } from '../../src/model/build.js';
import { formatsFor, reporterFor, type ReportCommand, type ReportOptions } from '../../src/report/index.js';
import { readBundle } from '../../src/sources/bundle/index.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/faulty-3node');
const run = { source: 'examples/faulty-3node', generatedAt: '2026-01-01T00:00:00Z', version: '0.0.0' };
const ja: ReportOptions = { lang: 'ja', color: false, run };
const en: ReportOptions = { lang: 'en', color: false, run };

describe('reporter registry', () => {
  it('lists the formats of each command', () => {
    const table: Record<ReportCommand, readonly string[]> = {
      analyze: formatsFor('analyze'),
      diagnose: formatsFor('diagnose'),
      trace: formatsFor('trace'),
      matrix: formatsFor('matrix'),
    };
    expect(table).toEqual({
      analyze: ['text', 'json', 'yaml', 'junit', 'html'],
      diagnose: ['text', 'json', 'yaml', 'junit', 'html'],
      trace: ['text', 'json', 'yaml', 'html'],
      matrix: ['text', 'json', 'yaml', 'junit', 'html'],
    });
    expect(reporterFor('trace', 'junit')).toBeUndefined();
    expect(reporterFor('analyze', 'toString')).toBeUndefined();
  });

  it('renders analyze, trace and matrix of the faulty example in every format', async () => {
    const snapshot = await readBundle(EXAMPLE);
    const { model, warnings } = buildModel(snapshot);
    const analysis = { result: analyzeModel(model, [...snapshot.warnings, ...warnings]), model };
    const json = JSON.parse(reporterFor('analyze', 'json')!(analysis, ja)) as unknown;
    expect(parseYaml(reporterFor('analyze', 'yaml')!(analysis, ja))).toEqual(json);
    const junit = reporterFor('analyze', 'junit')!(analysis, ja);
    expect(junit).toContain('<testsuite name="sdn-doctor analyze"');
    expect(junit).toContain('対処');
    expect(reporterFor('analyze', 'html')!(analysis, en)).toMatch(/^<!DOCTYPE html>/i);

    const dataplane = new ClusterDataplane(model);
    const m = { result: computeMatrix(dataplane), model, dataplane };
    const failures = m.result.broken.filter((b) => !b.isolation).length;
    expect(failures).toBeGreaterThan(0);
    expect(reporterFor('matrix', 'junit')!(m, en)).toContain(`failures="${failures}"`);
    expect(parseYaml(reporterFor('matrix', 'yaml')!(m, en))).toEqual(
      JSON.parse(reporterFor('matrix', 'json')!(m, en)),
    );

    const pod = model.pods!.value.find((p) => p.namespace === 'shop' && !p.hostNetwork)!;
    const from = resolveSource(model, `pod/shop/${pod.name}`);
    const to = resolveTarget(model, 'svc/demo/web:80', undefined);
    if (!from.ok || !to.ok) throw new Error('example pod or service missing');
    const t = { trace: dataplane.trace(from.value, to.value), from: 'X', to: 'Y' };
    expect(reporterFor('trace', 'text')!(t, en).split('\n')[0]).toBe('trace X → Y');
    const doc = parseYaml(reporterFor('trace', 'yaml')!(t, en)) as { disposition: string };
    expect(doc.disposition).toBe(t.trace.disposition);
  });
});
