/** What a normalizer returns: the model object, or why the API object could not be used. */
export type Normalized<T> = { readonly value: T } | { readonly missing: string; readonly name?: string };

export function missing(field: string, name?: string): { readonly missing: string; readonly name?: string } {
  return name === undefined ? { missing: field } : { missing: field, name };
}
