/**
 * One summary per scenario on stdout (not through console, which Jest decorates with a stack):
 * the figures a reader of the CI log wants, one `name: value` per line.
 */
export function printFigures(scenario: string, figures: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(
    ([name, value]) =>
      `  ${name.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  process.stdout.write(`\n[faults] ${scenario}\n${lines.join('\n')}\n`);
}

/** 1.234 s from milliseconds. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
