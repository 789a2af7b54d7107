/** An error the lab reports to a person, in both languages (the CLI prints the one for LANG). */
export class LabError extends Error {
  constructor(
    readonly en: string,
    readonly ja: string,
  ) {
    super(en);
  }
}
