/**
 * `fieldSelector` as apimachinery's `fields.ParseSelector` reads it: `key=value`, `key==value`,
 * `key!=value`, joined by commas, with `\,` `\=` `\\` escapes. Like a real API server, only the
 * field labels a resource declares are accepted; any other is a 400 "field label not supported".
 */
import type { ApiObject } from './data-files.js';
import type { ParsedSelector } from './label-selector.js';
import type { ResourceInfo } from './resources.js';

/** One term of a field selector. */
export interface FieldRequirement {
  readonly field: string;
  readonly equal: boolean;
  readonly value: string;
}

/** Field labels every resource supports (apiserver's DefaultClusterScopedAttr / namespaced attrs). */
const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Parses a field selector against the labels this resource supports. */
export function parseFieldSelector(text: string, info: ResourceInfo): ParsedSelector<FieldRequirement> {
  const requirements: FieldRequirement[] = [];
  if (text.trim() === '') return { ok: true, requirements };
  for (const term of splitUnescaped(text, ',')) {
    const m = /^(.*?)(==|!=|=)(.*)$/s.exec(findOperator(term));
    if (!m) return { ok: false, error: `invalid selector: '${text}'; can't understand '${term}'` };
    const [, left = '', op = '='] = m;
    const field = left.trim();
    if (!COMMON_FIELDS.includes(field) && !info.fieldLabels.includes(field)) {
      return { ok: false, error: `field label not supported: ${field}` };
    }
    // Masking keeps lengths, so the operator sits at the same offset in the original term.
    const value = unescape(term.slice(left.length + op.length));
    requirements.push({ field, equal: op !== '!=', value });
  }
  return { ok: true, requirements };
}

/** True when the object satisfies every term. */
export function matchesFields(requirements: readonly FieldRequirement[], obj: ApiObject): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === r.equal);
}

/** The string value of a dotted field path, as the API server's field-label conversion gives it. */
export function fieldValue(obj: ApiObject, path: string): string {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return defaultFor(path);
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return defaultFor(path);
  return String(current);
}

// spec.unschedulable is a bool: an absent one reads "false" (k8s NodeToSelectableFields).
function defaultFor(path: string): string {
  return path === 'spec.unschedulable' ? 'false' : '';
}

/** The term with escaped characters masked, so that the operator regex finds the real one. */
function findOperator(term: string): string {
  return term.replace(/\\./g, '__');
}

function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] as string);
      i++;
    } else if (c === sep) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
