/** The krew manifest names the plugin binary kubectl runs and the package's version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './built.js';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    shortDescription: string;
    platforms: {
      selector: { matchLabels: Record<string, string> };
      uri: string;
      sha256: string;
      bin: string;
    }[];
  };
}

describe('deploy/krew/sdn-doctor.yaml', () => {
  it('is a krew Plugin for linux-amd64 whose bin is the package bin kubectl runs', () => {
    const m = parse(readFileSync(join(ROOT, 'deploy/krew/sdn-doctor.yaml'), 'utf8')) as Manifest;
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
      bin: Record<string, string>;
    };
    expect(m.apiVersion).toBe('krew.googlecontainertools.github.com/v1alpha2');
    expect(m.kind).toBe('Plugin');
    expect(m.metadata.name).toBe('sdn-doctor');
    expect(m.spec.version).toBe(`v${pkg.version}`);
    const linux = m.spec.platforms.find((p) => p.selector.matchLabels.os === 'linux');
    expect(linux?.selector.matchLabels.arch).toBe('amd64');
    expect(linux?.bin).toBe('kubectl-sdn_doctor');
    expect(Object.keys(pkg.bin)).toContain(linux?.bin);
    // The archive `npm run package` makes (test/deploy/single-file.test.ts checks the generated copy).
    const v = pkg.version.replace(/\./g, '\\.');
    expect(linux?.uri).toMatch(new RegExp(`/v${v}/sdn-doctor-${v}-linux-amd64\\.tar\\.gz$`));
    expect(linux?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
