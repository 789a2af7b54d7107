/**
 * Safe reads of API objects as they came off the wire (`unknown`): a wrong type is "absent",
 * never an exception, so one odd object cannot stop the model from being built.
 */
export type Obj = Readonly<Record<string, unknown>>;

export function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Numbers, and integer strings (YAML imports and annotations carry numbers as text). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `{a: 'x', b: 1}` → `{a: 'x'}`: label and selector maps keep string values only. */
export function strMap(v: unknown): Readonly<Record<string, string>> {
  const o = obj(v);
  if (!o) return {};
  const out: Record<string, string> = {};
  for (const key of Object.keys(o).sort()) {
    const value = o[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** `metadata.name` etc. by path. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const key of path) cur = obj(cur)?.[key];
  return cur;
}

/** A port number (an int 1-65535, or its decimal text), else undefined. */
export function portNumber(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

/** A dotted IPv4 address, else undefined. */
export function ipv4Text(v: unknown): string | undefined {
  return typeof v === 'string' &&
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(v)
    ? v
    : undefined;
}

/** `targetPort` is an int or a named port. */
export function intOrString(v: unknown): number | string | undefined {
  return typeof v === 'number' ? v : str(v);
}

/** Status of the condition of a type: true / false / undefined when absent or Unknown. */
export function condition(conditions: unknown, type: string): boolean | undefined {
  const c = arr(conditions).find((x) => at(x, 'type') === type);
  const status = at(c, 'status');
  return status === 'True' ? true : status === 'False' ? false : undefined;
}
