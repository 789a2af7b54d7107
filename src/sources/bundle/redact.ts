/**
 * What never leaves the machine in a bundle (the prior art's lesson: NetworkCheck shipped the
 * admin kubeconfig in a Secret; debug.sh filtered pod env "because it may contain passwords or
 * private keys"). Redaction errs on the side of removing:
 *
 * - by key name, case-insensitive families (token, secret, password/passwd/pwd, credential, cookie,
 *   auth, certificate, private, api/access/secret key, any `…key` / `…-key-data`), in API objects
 *   (the whole value, even an object) and in text (`KEY: value`, `KEY=value`, `--flag value`,
 *   `--flag=value`, env style `DB_PASSWORD=`);
 * - by value shape wherever it sits: JWTs, `sha256~` tokens, PEM and PGP blocks whole (also key text
 *   on the `-----BEGIN` line), base64 PEM, URL userinfo, `Authorization:` / `Cookie:` headers;
 * - Secrets (and token objects) dropped whatever their shape, even without `kind`.
 *
 * API objects are walked with an explicit stack (no recursion: an object nested 100,000 deep from a
 * hostile API server must not overflow); anything deeper than MAX_DEPTH is replaced. Line counts
 * of text are kept, so evidence line numbers stay true.
 */

export const REDACTED = '[REDACTED]';
/** Kubernetes objects are a few dozen levels deep at most; deeper content is cut (and serialisable). */
export const MAX_DEPTH = 200;
export const TOO_DEEP = `[REMOVED: nested deeper than ${MAX_DEPTH} levels]`;

/** Annotations that copy whole objects (and so any secret in them). */
const DROPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'openshift.io/token-secret.value',
]);

/** Kinds that are never written at all. */
const DROPPED_KIND = /secret|token|oauthaccess|oauthauthorize|credential/i;

/** Credential key families (API object keys). The bare `key` of selectors and tolerations is kept. */
const SECRET_KEY_NAME =
  /token|secret|passw|passwd|pwd|credential|cookie|auth|certificate|private|api[-_.]?key|access[-_.]?key|key[-_.]?data|[-_.]key$|.Key$|^ca\.crt$|\.crt$|\.pem$/i;

/** Key-name families in text (`KEY: value`, `KEY=value`, `--key value`); `key=flow` and `cookie=0x0` stay. */
const TEXT_KEY =
  '[A-Za-z0-9_.-]*(?:token|secret|passw(?:or)?d|pwd|credentials?|api[-_]?key|access[-_]?key|private[-_]?key|client[-_]?key|signing[-_]?key|auth)(?:[-_]?(?:key|data|value|token|string|b64))?';

/** Returns the list with secrets removed (input untouched). */
export function redactApiItems(items: readonly unknown[]): unknown[] {
  return items.filter((item) => !isSecretObject(item)).map((item) => redactValue(item));
}

/** A Secret or token object, by kind, or by shape when `kind` is missing (`type` + `data`/`stringData`). */
function isSecretObject(item: unknown): boolean {
  if (!isRecord(item)) return false;
  if (typeof item.kind === 'string') return DROPPED_KIND.test(item.kind);
  return 'stringData' in item || (typeof item.type === 'string' && 'data' in item);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY_NAME.test(key);
}

/** The ipfailover image's settings (images/ipfailover/keepalived/conf/settings.sh), kept in bundles. */
const IPFAILOVER_ENV = /^OPENSHIFT_HA_[A-Z0-9_]+$/;

/** A `--flag` whose next argv element is its (secret) value. */
const SECRET_FLAG = new RegExp(`^--?${TEXT_KEY}$`, 'i');

/**
 * Any JSON-like value with credentials removed: iterative, depth-capped, input untouched.
 * Strings are redacted as text; values under credential keys are replaced whole.
 */
export function redactValue(value: unknown): unknown {
  const root: { v: unknown } = { v: undefined };
  const stack: { src: unknown; set: (v: unknown) => void; depth: number }[] = [
    { src: value, set: (v) => (root.v = v), depth: 0 },
  ];
  while (stack.length) {
    const { src, set, depth } = stack.pop()!;
    if (typeof src === 'string') {
      set(redactText(src));
      continue;
    }
    if (typeof src !== 'object' || src === null) {
      set(src);
      continue;
    }
    if (depth >= MAX_DEPTH) {
      set(TOO_DEEP);
      continue;
    }
    if (Array.isArray(src)) {
      const out: unknown[] = new Array<unknown>(src.length);
      set(out);
      src.forEach((item, i) => {
        // args: ["--password", "hunter2"] — the element after a credential flag is its value.
        const prev = i > 0 ? src[i - 1] : undefined;
        if (typeof prev === 'string' && SECRET_FLAG.test(prev) && typeof item === 'string') out[i] = REDACTED;
        else stack.push({ src: item, set: (v) => (out[i] = v), depth: depth + 1 });
      });
      continue;
    }
    const out: Record<string, unknown> = {};
    set(out);
    for (const [key, v] of Object.entries(src)) {
      if (key === 'managedFields' || key === 'envFrom') continue;
      out[key] = undefined; // keeps the key order (values below may be filled in later)
      if (key === 'env' && Array.isArray(v)) {
        // spec.containers[].env[]: keep the names (useful to see what is set), drop value/valueFrom —
        // except the ipfailover settings (§12, OPENSHIFT_HA_*: VIPs, interface, ports, ids; no
        // credential among them), which are the configuration the IP failover checks read.
        out.env = v.map((e) => {
          if (!isRecord(e)) return REDACTED;
          const name = typeof e.name === 'string' ? redactText(e.name) : e.name;
          return typeof name === 'string' && IPFAILOVER_ENV.test(name) && typeof e.value === 'string'
            ? { name, value: redactText(e.value) }
            : { name };
        });
        continue;
      }
      if (key === 'annotations' && isRecord(v)) {
        const kept: Record<string, unknown> = {};
        for (const [k, a] of Object.entries(v)) {
          if (DROPPED_ANNOTATIONS.has(k)) continue;
          kept[k] = isSecretKey(k) ? REDACTED : typeof a === 'string' ? redactText(a) : REDACTED;
        }
        out.annotations = kept;
        continue;
      }
      if (isSecretKey(key) && v !== null && typeof v !== 'boolean') {
        out[key] = REDACTED;
        continue;
      }
      stack.push({ src: v, set: (r) => (out[key] = r), depth: depth + 1 });
    }
  }
  return root.v;
}

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]+-----/;
const PEM_END = /-----END [A-Z0-9 ]+-----/;
const INLINE_PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;

const LINE_RULES: readonly [RegExp, string][] = [
  // URL userinfo: https://user:pw@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']*@/gi, `$1${REDACTED}@`],
  // HTTP headers in curl -v output and logs: `Authorization: Bearer abc`, `Cookie: a=b`.
  [
    /(authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|digest|negotiate|token)\s+)?)[^\s"',]+/gi,
    `$1${REDACTED}`,
  ],
  [/(\b(?:set-)?cookie["']?\s*:\s*).*/gi, `$1${REDACTED}`],
  [/(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${REDACTED}`],
  // Shapes: JWT, OpenShift sha256~ tokens, base64 of "-----BEGIN".
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/sha256~[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, REDACTED],
  // `--password hunter2`, `--api-key=x`, `-token x`
  [
    new RegExp(
      `((?:^|[\\s"'\\[,])--?${TEXT_KEY}(?:=|\\s+))(?!\\[REDACTED\\])("[^"]*"|'[^']*'|[^\\s"',\\]]+)`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // YAML / kubeconfig / env / JSON style `token: x`, `DB_PASSWORD=x`, `"apiToken":"x"`
  [
    new RegExp(
      `((?:^|[^A-Za-z0-9_.-])${TEXT_KEY}["']?\\s*[:=]\\s*)(?!\\[REDACTED\\]|(?:bearer|basic|digest|negotiate|token)\\s)("[^"]*"|'[^']*'|[^\\s,}]+)`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
];

const MAYBE_SECRET =
  /token|passw|pwd|secret|bearer|authoriz|cookie|credential|key|auth|-----BEGIN|LS0tLS1CRUdJTi|eyJ|sha256~|:\/\/[^/\s]*@/i;

/**
 * A line no rule of LINE_RULES can change: every rule needs one of these words or shapes (the
 * cookie rule a colon after the word, so the `cookie=0x0` of every OpenFlow rule does not count).
 * Checked per line before the rules: a flow dump of a large cluster is hundreds of thousands of
 * lines, and nine regular expressions over each were most of collect's CPU.
 */
export const LINE_MAYBE_SECRET =
  /token|passw|pwd|secret|bearer|authoriz|cookie["']?\s*:|credential|key|auth|eyJ|sha256~|LS0tLS1CRUdJTi|:\/\/[^/\s]*@/i;

/** The prefilter over a whole text: where the next line that may hold a secret is. */
const TEXT_MAYBE_SECRET = new RegExp(LINE_MAYBE_SECRET.source, 'gi');

/** Redacts credentials in command output or text fields, keeping the number of lines. */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return PEM_BEGIN.test(text) ? redactLines(text) : redactMatchedLines(text);
}

/**
 * Without a PEM block, lines are independent: only the lines the prefilter finds are run through
 * the rules, found by one scan of the whole text — no split into lines and join, which over a
 * large cluster's flow dumps (gigabytes, every line with its `cookie=`) were most of redaction's
 * cost. The scan finds every line the per-line prefilter would (the pattern has no anchor, no
 * look-around: a match inside a line is a match in the text), and a hit that runs over a line end
 * (`cookie` then `:` on the next line) is checked again on its own line, so the result is the
 * per-line loop's.
 */
function redactMatchedLines(text: string): string {
  const re = TEXT_MAYBE_SECRET;
  re.lastIndex = 0;
  let parts: string[] | undefined;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const nl = text.indexOf('\n', m.index);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end);
    if (LINE_MAYBE_SECRET.test(line)) {
      const redacted = redactLine(line);
      if (redacted !== line) {
        parts ??= [];
        parts.push(text.slice(from, start), redacted);
        from = end;
      }
    }
    if (nl < 0) break;
    re.lastIndex = nl;
  }
  if (!parts) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

/** The rules line by line, following PEM blocks across lines. */
function redactLines(text: string): string {
  const out: string[] = [];
  let inPem = false;
  for (const line of text.split('\n')) {
    if (inPem) {
      if (PEM_END.test(line)) {
        inPem = false;
        out.push(line.replace(/^.*?(-----END [A-Z0-9 ]+-----).*$/, '$1'));
      } else out.push(REDACTED);
      continue;
    }
    const begin = PEM_BEGIN.exec(line);
    if (begin) {
      const rest = line.slice(begin.index + begin[0].length);
      if (PEM_END.test(rest)) {
        // A PEM/PGP block inline in one line (JSON strings, `\n` escaped) is replaced whole.
        out.push(redactLine(line.replace(INLINE_PEM, REDACTED)));
        continue;
      }
      // Key text on the BEGIN line itself goes too.
      inPem = true;
      out.push(redactLine(line.slice(0, begin.index)) + begin[0] + (rest.trim() ? REDACTED : ''));
      continue;
    }
    out.push(LINE_MAYBE_SECRET.test(line) ? redactLine(line) : line);
  }
  return out.join('\n');
}

/** Every rule of LINE_RULES over one line (exported for the prefilter property test). */
export function redactLine(line: string): string {
  return LINE_RULES.reduce((l, [re, rep]) => l.replace(re, rep), line);
}
