/**
 * The `-o` formats of each reporting command. A leaf (no imports) so the CLI can declare its
 * options without loading the renderers; registry.ts must implement exactly these (the compiler
 * checks it).
 */
export const FORMATS = {
  analyze: ['text', 'json', 'yaml', 'junit', 'html'],
  diagnose: ['text', 'json', 'yaml', 'junit', 'html'],
  trace: ['text', 'json', 'yaml', 'html'],
  matrix: ['text', 'json', 'yaml', 'junit', 'html'],
} as const;

export type ReportCommand = keyof typeof FORMATS;
export type Format = (typeof FORMATS)[ReportCommand][number];

/** The formats `command` can print, in the order help texts list them. */
export function formatsFor(command: ReportCommand): readonly Format[] {
  return FORMATS[command];
}
