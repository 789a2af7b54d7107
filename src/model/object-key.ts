/** `namespace/name`: how `oc`, the API and every report name a namespaced object. */
export function objectKey(o: { readonly namespace: string; readonly name: string }): string {
  return `${o.namespace}/${o.name}`;
}

/** The object named `namespace/name`, or by its bare name (the first such). */
export function findByKey<T extends { readonly namespace: string; readonly name: string }>(
  objects: readonly T[],
  key: string,
): T | undefined {
  return objects.find((o) => objectKey(o) === key || o.name === key);
}
