/**
 * The errors of choosing a source, in a module with no dependencies: the CLI's error printer and
 * option parsers load it at start-up without the Kubernetes client, tar or zod (fast `--version`).
 */

/** The source cannot be used as given (exit code 2 in the CLI): what and why, in both languages. */
export class SourceError extends Error {
  constructor(
    readonly en: string,
    readonly ja: string,
  ) {
    super(en);
  }
}

/** A number in (0, max], or a usage error naming the flag. */
export function positiveNumber(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw new SourceError(
      `${flag} must be 0 < n <= ${max}, got ${value}`,
      `${flag} は 0 より大きく ${max} 以下です: ${value}`,
    );
  }
  return n;
}
