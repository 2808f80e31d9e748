/** Prints a bench section as a plain-text table followed by its checks. */
import type { BenchSection } from './section';

export function printSection(section: BenchSection): void {
  console.log(`\n${section.title}\n`);
  const first = section.rows[0];
  if (first) {
    const columns = Object.keys(first);
    const cells = section.rows.map((row) => columns.map((column) => String(row[column] ?? '')));
    const widths = columns.map((column, i) =>
      Math.max(column.length, ...cells.map((line) => (line[i] as string).length)),
    );
    // Text left-aligned, numbers right-aligned, as in a spreadsheet.
    const numeric = columns.map((column) => section.rows.every((row) => typeof row[column] === 'number'));
    const format = (line: string[]): string =>
      line
        .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number)))
        .join('  ')
        .trimEnd();
    console.log(format(columns));
    console.log(widths.map((width) => '-'.repeat(width)).join('  '));
    for (const line of cells) console.log(format(line));
  }
  for (const check of section.checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.what}: ${check.detail}`);
}
