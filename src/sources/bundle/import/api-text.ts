/**
 * `oc get <resource> -o yaml` output (as debug.sh and NetworkCheck saved it) → an ApiList.
 * YAML and JSON lists convert; `oc get` tables and error text cannot, and become a failed list
 * plus a warning naming the file and line.
 */
import { parseDocument } from 'yaml';
import type { ApiList, InputWarning } from '../../../artifacts/types.js';
import { msg } from '../../../i18n/message.js';
import { failedList, listItems, okList } from '../api-list.js';
import { lineColumnAt } from '../json.js';

export interface ApiTextResult {
  readonly list: ApiList;
  readonly warnings: readonly InputWarning[];
}

export function apiListFromText(file: string, text: string): ApiTextResult {
  const lines = text.split('\n');
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  const first = firstIndex >= 0 ? (lines[firstIndex] ?? '').trim() : '';
  const line = firstIndex + 1;
  if (!first) {
    return fail(file, 'empty file', msg('the file is empty', 'ファイルが空です'), 0, '');
  }
  if (/^(error|Error from server|No resources found|bash:|sh:)/.test(first)) {
    return fail(
      file,
      first,
      msg(`the tool recorded an error: ${first}`, `収集ツールがエラーを記録しています: ${first}`),
      line,
      first,
    );
  }
  if (/^NAME\s{2,}\S/.test(first)) {
    return fail(
      file,
      '`oc get` table output',
      msg(
        'this is an `oc get` table, not YAML/JSON; it cannot be converted to API objects',
        'これは `oc get` の表形式で YAML/JSON ではないため、API オブジェクトに変換できません',
      ),
      line,
      first,
    );
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0] ?? lineColumnAt(text, err.pos[0]);
    const reason = err.message.split('\n')[0] ?? err.message;
    return fail(
      file,
      `invalid YAML at line ${at.line}: ${reason}`,
      msg(`invalid YAML: ${reason}`, `YAML が不正です: ${reason}`),
      at.line,
      lines[at.line - 1] ?? '',
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // A YAML alias bomb ("excessive alias count") or a document the library cannot resolve.
    const reason = (e as Error).message.split('\n')[0] ?? 'cannot read';
    return fail(
      file,
      `invalid YAML: ${reason}`,
      msg(`invalid YAML: ${reason}`, `YAML が不正です: ${reason}`),
      0,
      '',
    );
  }
  if (isCutList(text, value)) {
    return fail(
      file,
      'the list has no `kind` after its items (cut off)',
      msg(
        'the list ends before its `kind:` line (`oc get -o yaml` prints it after the items): the file was cut and some objects are missing',
        'リストが `kind:` 行の前で終わっています（`oc get -o yaml` は items の後に出力します）。ファイルが途中で切れていて一部のオブジェクトがありません',
      ),
      lines.length,
      '',
    );
  }
  const items = listItems(value) ?? singleObject(value);
  if (!items) {
    return fail(
      file,
      'not an API list',
      msg(
        'expected an API list (`kind: List` with `items`)',
        'API リスト（`kind: List` と `items`）ではありません',
      ),
      line,
      first,
    );
  }
  return { list: okList(items), warnings: [] };
}

/**
 * A YAML list that stops before its `kind`: `oc get -o yaml` (and oc adm inspect's list files)
 * print the keys in order, `apiVersion`, `items`, `kind`, `metadata`, so a copy cut anywhere in the
 * items still parses, as fewer objects; a "missing" HostSubnet or pod read from it would be a
 * false finding. JSON cut anywhere does not parse, so only YAML is asked.
 */
function isCutList(text: string, value: unknown): boolean {
  if (text.trimStart().startsWith('{') || typeof value !== 'object' || value === null) return false;
  const v = value as { items?: unknown; kind?: unknown; apiVersion?: unknown };
  return 'items' in v && 'apiVersion' in v && v.kind === undefined;
}

/** `oc get clusternetwork default -o yaml` prints one object, not a list. */
function singleObject(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { kind?: unknown; metadata?: unknown };
  return typeof v.kind === 'string' && typeof v.metadata === 'object' ? [value] : undefined;
}

function fail(
  file: string,
  error: string,
  message: { en: string; ja: string },
  line: number,
  excerpt: string,
): ApiTextResult {
  return {
    list: failedList(`${file}: ${error}`),
    warnings: [
      {
        source: file,
        ...(line > 0 ? { line } : {}),
        message: msg(`${message.en}; the API list is ignored`, `${message.ja}。この API リストは使いません`),
        ...(excerpt ? { excerpt } : {}),
      },
    ],
  };
}
