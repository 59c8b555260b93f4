/**
 * `npm run bench [-- name...]`: runs the benchmarks (all, or those named) and prints a table for each.
 * A name also selects the benchmarks named after it with a dash: `delivery` runs every `delivery-...` one.
 * A benchmark is a module exporting a `Benchmark` (bench/measure.ts); add it to the list below.
 * Numbers depend on the machine: compare runs on the same one, never assert on them.
 */
import { collectorBenchmark } from './collector.js';
import { deliveryBenchmarks } from './delivery.js';
import { mappingBenchmark } from './mapping.js';
import type { Benchmark, BenchmarkReport, BenchSettings } from './measure.js';

const benchmarks: readonly Benchmark[] = [mappingBenchmark, ...deliveryBenchmarks, collectorBenchmark];

const settings: BenchSettings = { warmupRounds: 3, rounds: 9 };

function formatReport(benchmark: Benchmark, report: BenchmarkReport): string {
  const header = ['', 'per second (median)', 'ms per round (median)', 'rounds'];
  const rows = report.measurements.map((measurement) => [
    measurement.name,
    Math.round(measurement.perSecond).toLocaleString('en-US'),
    measurement.medianMs.toFixed(1),
    String(measurement.rounds),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [
    `${benchmark.name}: ${benchmark.description}`,
    ...report.notes.map((note) => `  ${note}`),
    '',
    `  ${line(header)}`,
    `  ${widths.map((width) => '-'.repeat(width)).join('  ')}`,
    ...rows.map((row) => `  ${line(row)}`),
    '',
    ...report.summary.map((note) => `  ${note}`),
  ].join('\n');
}

const wanted = process.argv.slice(2);
const selects = (name: string, benchmark: Benchmark) =>
  benchmark.name === name || benchmark.name.startsWith(`${name}-`);
const unknown = wanted.filter((name) => !benchmarks.some((benchmark) => selects(name, benchmark)));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark: ${unknown.join(', ')}. Known: ${benchmarks.map((each) => each.name).join(', ')}`,
  );
  process.exit(2);
}

console.log(
  `node ${process.version}, ${settings.warmupRounds} warm-up and ${settings.rounds} timed rounds each\n`,
);
for (const benchmark of benchmarks) {
  if (wanted.length > 0 && !wanted.some((name) => selects(name, benchmark))) continue;
  const report = await benchmark.run(settings);
  console.log(`${formatReport(benchmark, report)}\n`);
}
