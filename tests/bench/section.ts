/** One part of `npm run bench`: a titled table; every figure is measured in the run that prints it. */
export interface BenchSection {
  title: string;
  /** Column order is the order of the first row's keys. */
  rows: Array<Record<string, string | number>>;
  /** Targets this section checks; a failed check makes `npm run bench` exit non-zero. */
  checks: Array<{ what: string; ok: boolean; detail: string }>;
}
