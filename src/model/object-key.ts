/** `namespace/name`: how `oc`, the API and every report name a namespaced object. */
export function objectKey(o: { readonly namespace: string; readonly name: string }): string {
  return `${o.namespace}/${o.name}`;
}
