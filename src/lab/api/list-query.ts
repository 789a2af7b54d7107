/**
 * The query of a list request: selectors, and `limit`/`continue` paging (kubectl sends
 * `limit=500`). Paging is by position in the sorted list, which is stable between the pages of
 * one `kubectl get` as long as the lab does not change in between (a real server answers 410 then).
 */
import { type ApiObject, nameOf, namespaceOf } from './data-files.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';
import type { ResourceInfo } from './resources.js';

/** One page of a list, or a 400 message. */
export type ListPage =
  | {
      readonly ok: true;
      readonly items: readonly ApiObject[];
      readonly continueToken?: string;
      readonly remaining?: number;
    }
  | { readonly ok: false; readonly error: string };

/** Filters by namespace and selectors, sorts like etcd keys (namespace, then name), pages. */
export function selectPage(
  info: ResourceInfo,
  items: readonly ApiObject[],
  namespace: string | undefined,
  query: URLSearchParams,
): ListPage {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  if (!labels.ok) return labels;
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '', info);
  if (!fields.ok) return fields;
  const selected = items
    .filter((obj) => namespace === undefined || namespaceOf(obj) === namespace)
    .filter((obj) => matchesLabels(labels.requirements, labelsOf(obj)))
    .filter((obj) => matchesFields(fields.requirements, obj))
    .sort(byNamespaceAndName);
  const offset = decodeContinue(query.get('continue'));
  if (offset === undefined) return { ok: false, error: 'continue key is not valid' };
  const limit = Number(query.get('limit') ?? '0');
  if (!Number.isInteger(limit) || limit <= 0 || offset + limit >= selected.length) {
    return { ok: true, items: selected.slice(offset) };
  }
  const next = offset + limit;
  return {
    ok: true,
    items: selected.slice(offset, next),
    continueToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64url'),
    remaining: selected.length - next,
  };
}

function labelsOf(obj: ApiObject): Record<string, unknown> | undefined {
  const labels = obj.metadata?.labels;
  return typeof labels === 'object' && labels !== null ? (labels as Record<string, unknown>) : undefined;
}

function byNamespaceAndName(a: ApiObject, b: ApiObject): number {
  const ka = `${namespaceOf(a)}/${nameOf(a)}`;
  const kb = `${namespaceOf(b)}/${nameOf(b)}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Offset encoded in a continue token (0 without one; undefined when it is not ours). */
function decodeContinue(token: string | null): number | undefined {
  if (!token) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown })
      .offset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
