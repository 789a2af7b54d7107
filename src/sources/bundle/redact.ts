/**
 * What never leaves the machine in a bundle (the prior art's lesson: NetworkCheck shipped the
 * admin kubeconfig in a Secret; debug.sh filtered pod env "because it may contain passwords or
 * private keys"). API objects lose Secrets, env values, last-applied annotations and credential
 * fields; text artifacts lose PEM blocks, tokens and bearer headers. Line counts are kept, so
 * evidence line numbers stay true.
 */

export const REDACTED = '[REDACTED]';

/** Annotations that copy whole objects (and so any secret in them). */
const DROPPED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'openshift.io/token-secret.value',
];

/** Keys whose values are credentials wherever they appear (kubeconfigs, node configs, config maps). */
const CREDENTIAL_KEY =
  /^(token|password|passwd|secret|client-key-data|client-certificate-data|certificate-authority-data|id-token|refresh-token|access-token|bearerToken|ca\.crt|tls\.key|tls\.crt|service-ca\.crt|ca-bundle\.crt)$/i;

/** Kinds that are never written at all. */
const DROPPED_KINDS = new Set([
  'Secret',
  'SecretList',
  'ServiceAccountToken',
  'TokenReview',
  'OAuthAccessToken',
]);

/** Returns the list with secrets removed (input untouched). */
export function redactApiItems(items: readonly unknown[]): unknown[] {
  return items.filter((item) => !DROPPED_KINDS.has(kindOf(item))).map((item) => redactObject(item, []));
}

function kindOf(item: unknown): string {
  return isRecord(item) && typeof item.kind === 'string' ? item.kind : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function redactObject(value: unknown, path: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactObject(v, path));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'env' && Array.isArray(v)) {
      // spec.containers[].env[]: keep the names (useful to see what is set), drop value/valueFrom.
      out.env = v.map((e) => (isRecord(e) ? { name: e.name } : e));
      continue;
    }
    if (key === 'envFrom' && Array.isArray(v)) continue;
    if (key === 'managedFields') continue;
    if (key === 'annotations' && isRecord(v)) {
      out.annotations = Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !DROPPED_ANNOTATIONS.includes(k))
          .map(([k, a]) => [k, typeof a === 'string' ? redactText(a) : a]),
      );
      continue;
    }
    if (CREDENTIAL_KEY.test(key) && (typeof v === 'string' || typeof v === 'number')) {
      out[key] = REDACTED;
      continue;
    }
    out[key] = redactObject(v, [...path, key]);
  }
  return out;
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]*(PRIVATE KEY|CERTIFICATE|CERTIFICATE REQUEST))-----/;
const PEM_END = /-----END [A-Z0-9 ]*-----/;
const LINE_RULES: readonly [RegExp, string][] = [
  // HTTP headers in curl -v output and logs: `Authorization: Bearer abc`
  [/(authorization:\s*(bearer|basic)\s+)\S+/gi, `$1${REDACTED}`],
  [/(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${REDACTED}`],
  // YAML / kubeconfig / env style `token: x`, `password=x`, `client-key-data: x`
  [
    /((?:^|[\s"'{,])(?:[\w.-]*token|password|passwd|secret|client-key-data|client-certificate-data|certificate-authority-data)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi,
    `$1${REDACTED}`,
  ],
];

/** Redacts credentials in command output or text fields, keeping the number of lines. */
export function redactText(text: string): string {
  if (!/token|password|passwd|secret|bearer|authorization|-----BEGIN|-data/i.test(text)) return text;
  const out: string[] = [];
  let inPem = false;
  for (const line of text.split('\n')) {
    if (inPem) {
      if (PEM_END.test(line)) {
        inPem = false;
        out.push(line);
      } else out.push(REDACTED);
      continue;
    }
    const begin = PEM_BEGIN.exec(line);
    if (begin) {
      // A PEM block inline in one line (JSON strings, `\n` escaped) is replaced whole.
      if (PEM_END.test(line.slice(begin.index + begin[0].length))) {
        out.push(line.replace(/-----BEGIN [A-Z0-9 ]*-----[\s\S]*?-----END [A-Z0-9 ]*-----/g, REDACTED));
        continue;
      }
      inPem = true;
      out.push(line);
      continue;
    }
    out.push(LINE_RULES.reduce((l, [re, rep]) => l.replace(re, rep), line));
  }
  return out.join('\n');
}
