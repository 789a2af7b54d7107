/**
 * `sdn-doctor version [-o json|yaml]` (also `--version`): the package version, the git commit of
 * the build and the schema versions of every JSON document the tool writes or reads.
 */
import type { Command } from 'commander';
import { buildInfo } from '../build-info.js';
import { msg } from '../../i18n/message.js';
import { oneOf } from '../errors.js';
import type { Say } from '../help.js';

/** What `--version` prints: `sdn-doctor 0.1.0 (commit abc123)`. */
export function versionLine(): string {
  const b = buildInfo();
  return `sdn-doctor ${b.version} (commit ${b.commit})`;
}

async function versionDocument(): Promise<Record<string, unknown>> {
  const [json, diagnose, dataplane, bundle] = await Promise.all([
    import('../../report/json.js'),
    import('../../report/diagnose.js'),
    import('../../dataplane/engine/types.js'),
    import('../../sources/bundle/manifest.js'),
  ]);
  const b = buildInfo();
  return {
    version: b.version,
    commit: b.commit,
    node: process.version,
    schemaVersions: {
      analyze: json.JSON_SCHEMA_VERSION,
      diagnose: diagnose.SCHEMA_VERSION,
      trace: dataplane.DATAPLANE_SCHEMA_VERSION,
      matrix: dataplane.DATAPLANE_SCHEMA_VERSION,
      bundle: bundle.BUNDLE_SCHEMA_VERSION,
    },
  };
}

export function registerVersion(program: Command, say: Say): void {
  program
    .command('version')
    .description(
      say(
        msg(
          'the version, the git commit of this build and the JSON schema versions',
          'バージョン、このビルドの git コミット、JSON スキーマのバージョンを表示します',
        ),
      ),
    )
    .option('-o, --output <format>', say(msg('text, json or yaml', 'text、json または yaml')), 'text')
    .action(async (opts: { output: string }) => {
      const format = oneOf(opts.output, ['text', 'json', 'yaml'] as const, '-o/--output');
      const doc = await versionDocument();
      if (format === 'json') process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      else if (format === 'yaml') process.stdout.write((await import('yaml')).stringify(doc));
      else {
        const schemas = Object.entries(doc.schemaVersions as Record<string, number>)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        process.stdout.write(`${versionLine()}\nnode ${process.version}\nschema versions: ${schemas}\n`);
      }
    });
}
