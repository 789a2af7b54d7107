/**
 * `labelSelector` as apimachinery's `labels.Parse` reads it: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a` (exists), `!a` (does not exist), `a>1`, `a<1`, joined by commas (AND).
 * 39.4 relies on `--selector=router` (the exists form) to find the router's endpoints and pods.
 */

type Operator = 'exists' | 'notexists' | 'eq' | 'neq' | 'in' | 'notin' | 'gt' | 'lt';

/** One requirement of a selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly op: Operator;
  readonly values: readonly string[];
}

export type ParsedSelector<R> =
  | { readonly ok: true; readonly requirements: readonly R[] }
  | { readonly ok: false; readonly error: string };

// Label key: optional DNS-subdomain prefix + '/' + name (apimachinery validation.IsQualifiedName).
const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// Characters that end a key or value token (labels.Lexer's special symbols and whitespace).
const STOP = new Set([' ', '\t', ',', '=', '!', '(', ')', '<', '>']);

/** Parses a label selector; an empty one matches everything. */
export function parseLabelSelector(text: string): ParsedSelector<LabelRequirement> {
  const parser = new Parser(text);
  const requirements: LabelRequirement[] = [];
  parser.skipSpace();
  if (parser.atEnd()) return { ok: true, requirements };
  for (;;) {
    const req = parser.requirement();
    if (typeof req === 'string') return { ok: false, error: `unable to parse requirement: ${req}` };
    requirements.push(req);
    parser.skipSpace();
    if (parser.atEnd()) return { ok: true, requirements };
    if (!parser.eat(','))
      return { ok: false, error: `unable to parse requirement: found '${parser.rest()}'` };
  }
}

/** True when the labels satisfy every requirement. */
export function matchesLabels(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return requirements.every((r) => matchesOne(r, labels ?? {}));
}

function matchesOne(r: LabelRequirement, labels: Readonly<Record<string, unknown>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? String(labels[r.key]) : undefined;
  switch (r.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'eq':
    case 'in':
      return value !== undefined && r.values.includes(value);
    case 'neq':
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'gt':
    case 'lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const have = Number(value);
      const want = Number(r.values[0]);
      return r.op === 'gt' ? have > want : have < want;
    }
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  rest(): string {
    return this.text.slice(this.pos);
  }
  skipSpace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }
  eat(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }
  word(): string {
    const start = this.pos;
    while (!this.atEnd() && !STOP.has(this.text[this.pos] as string)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** One requirement, or an error text. */
  requirement(): LabelRequirement | string {
    this.skipSpace();
    const negated = this.eat('!');
    this.skipSpace();
    const key = this.word();
    if (!KEY.test(key)) return `invalid label key "${key}"`;
    this.skipSpace();
    if (negated) return { key, op: 'notexists', values: [] };
    if (this.atEnd() || this.text[this.pos] === ',') return { key, op: 'exists', values: [] };
    if (this.eat('==') || this.eat('=')) return this.single(key, 'eq');
    if (this.eat('!=')) return this.single(key, 'neq');
    if (this.eat('>')) return this.numeric(key, 'gt');
    if (this.eat('<')) return this.numeric(key, 'lt');
    const op = this.word();
    if (op !== 'in' && op !== 'notin') return `found '${op}', expected: in, notin, =, ==, !=, gt, lt`;
    return this.set(key, op);
  }

  private single(key: string, op: Operator): LabelRequirement | string {
    this.skipSpace();
    const value = this.word();
    if (!VALUE.test(value)) return `invalid label value "${value}"`;
    return { key, op, values: [value] };
  }

  private numeric(key: string, op: Operator): LabelRequirement | string {
    this.skipSpace();
    const value = this.word();
    if (!/^-?\d+$/.test(value)) return `for 'gt', 'lt' operators, exactly one integer value is required`;
    return { key, op, values: [value] };
  }

  private set(key: string, op: 'in' | 'notin'): LabelRequirement | string {
    this.skipSpace();
    if (!this.eat('(')) return `found '${this.rest()}', expected: '('`;
    const values: string[] = [];
    for (;;) {
      this.skipSpace();
      const value = this.word();
      if (!VALUE.test(value)) return `invalid label value "${value}"`;
      values.push(value);
      this.skipSpace();
      if (this.eat(')')) break;
      if (!this.eat(',')) return `found '${this.rest()}', expected: ',' or ')'`;
    }
    return { key, op, values };
  }
}
