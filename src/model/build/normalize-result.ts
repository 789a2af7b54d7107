/** What a normalizer returns: the model object, or why the API object could not be used. */
export type Normalized<T> =
  | { readonly value: T }
  | { readonly missing: string; readonly name?: string }
  | Invalid;

/**
 * A field a check reads is present with a wrong type or value (`clusterIP: 42`, `port: "80x80"`):
 * the whole resource becomes unreadable (its checks say `unknown`), never a silent pass.
 */
export interface Invalid {
  readonly invalid: string;
  readonly found: unknown;
  readonly name?: string;
}

export function invalid(field: string, found: unknown, name?: string): Invalid {
  return name === undefined ? { invalid: field, found } : { invalid: field, found, name };
}

export function missing(field: string, name?: string): { readonly missing: string; readonly name?: string } {
  return name === undefined ? { missing: field } : { missing: field, name };
}
