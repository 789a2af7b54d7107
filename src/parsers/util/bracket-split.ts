/**
 * Comma splitting for OpenFlow text (`ovs-ofctl` match and action lists). Actions nest:
 * `ct(commit,nat(src=0.0.0.0),table=30)` and `NXM_NX_TUN_ID[0..31]` must stay whole, so a
 * separator only counts outside (), [] and {}.
 */

export interface BracketSplit {
  readonly parts: string[];
  /** False when a bracket was never closed or closed without being opened. */
  readonly balanced: boolean;
}

/** Splits `text` on `sep` at nesting depth 0; parts are trimmed, empty parts dropped. */
export function splitTopLevel(text: string, sep = ','): BracketSplit {
  const parts: string[] = [];
  let depth = 0;
  let balanced = true;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123)
      depth++; // ( [ {
    else if (c === 41 || c === 93 || c === 125) {
      // ) ] }
      if (depth === 0) balanced = false;
      else depth--;
    } else if (depth === 0 && text[i] === sep) {
      const part = text.slice(start, i).trim();
      if (part) parts.push(part);
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  if (depth !== 0) balanced = false;
  return { parts, balanced };
}
