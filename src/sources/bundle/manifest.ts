/**
 * `manifest.json` of an sdn-doctor bundle: when and how it was collected, every API list and
 * every artifact with the file that holds its text. Validated with zod on read; a manifest that
 * does not match is a one-line BundleError naming the first bad field.
 */
import { z } from 'zod';
import { API_RESOURCES, type ApiResource } from '../../artifacts/types.js';

export const BUNDLE_SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

const ARTIFACT_KINDS = [
  'ip-route',
  'ip-route-get',
  'ip-addr',
  'ip-link',
  'sysctl',
  'ovs-list-br',
  'ovs-show',
  'ovs-ports',
  'ovs-flows',
  'ovs-groups',
  'iptables-save',
  'iptables-nat-list',
  'resolv-conf',
  'node-config',
  'node-journal',
  'processes',
  'keepalived-log',
  'sdn-pod-log',
  'dig-short',
  'dig-answer',
  'curl',
  'ping',
  'tracepath',
  'ethtool',
  'ethtool-stats',
  'ethtool-driver',
  'other',
] as const;

const msgSchema = z.object({ en: z.string(), ja: z.string() });

export const apiEntrySchema = z.object({
  resource: z.enum(API_RESOURCES as [ApiResource, ...ApiResource[]]),
  /** `api/<resource>.json`, present when ok. */
  file: z.string().optional(),
  ok: z.boolean(),
  error: z.string().optional(),
  status: z.number().int().optional(),
  /** The list holds only these namespaces' objects (`collect -n`). */
  namespaces: z.array(z.string()).optional(),
});

export const artifactEntrySchema = z.object({
  id: z.string().min(1),
  kind: z.enum(ARTIFACT_KINDS),
  node: z.string().optional(),
  where: z.string().optional(),
  argv: z.array(z.string()),
  exitCode: z.number().int().nullable(),
  /** Bundle-relative file with the command's stdout. */
  file: z.string().min(1),
  collectedAt: z.string(),
  error: z.string().optional(),
  stderr: z.string().optional(),
});

export const warningSchema = z.object({
  source: z.string(),
  node: z.string().optional(),
  line: z.number().int().optional(),
  message: msgSchema,
  excerpt: z.string().optional(),
});

export const manifestSchema = z.object({
  schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
  collectedAt: z.string(),
  collector: z.object({
    tool: z.literal('sdn-doctor'),
    version: z.string(),
    /** `live`, `lab:NAME`, `bundle`, `debug.sh`, `networkcheck`. */
    source: z.string(),
    context: z.string().optional(),
  }),
  api: z.array(apiEntrySchema),
  artifacts: z.array(artifactEntrySchema),
  /** Input warnings raised while collecting (kept so a replay reports them too). */
  warnings: z.array(warningSchema).optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestArtifact = z.infer<typeof artifactEntrySchema>;
export type ManifestApiEntry = z.infer<typeof apiEntrySchema>;

/** `artifacts[3].file: expected string` — the first problem, for a one-line error. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid manifest';
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  return `${path || '(root)'}: ${issue.message}`;
}

// Both directions: the zod enum and the ArtifactKind union must list the same kinds.
type KindsInSchema = (typeof ARTIFACT_KINDS)[number];
const _everyKindInSchema: Record<import('../../artifacts/types.js').ArtifactKind, KindsInSchema> =
  Object.fromEntries(ARTIFACT_KINDS.map((k) => [k, k])) as Record<KindsInSchema, KindsInSchema>;
void _everyKindInSchema;
