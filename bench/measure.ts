/** What every benchmark shares: a report shape, timing by rounds, and a seeded random source. */

/** One line of a benchmark's table. */
export interface Measurement {
  name: string;
  /** Items processed per second, from the median round. */
  perSecond: number;
  /** The median round, in milliseconds. */
  medianMs: number;
  rounds: number;
}

export interface BenchmarkReport {
  /** Lines printed above the table: what was measured, on what input. */
  notes: string[];
  measurements: Measurement[];
  /** Lines printed below the table, such as ratios between measurements. */
  summary: string[];
}

/** A benchmark `bench/run.ts` can run; each module exports one. */
export interface Benchmark {
  name: string;
  description: string;
  run(settings: BenchSettings): Promise<BenchmarkReport> | BenchmarkReport;
}

export interface BenchSettings {
  /** Untimed rounds before measuring, so the JIT has settled. */
  warmupRounds: number;
  /** Timed rounds; the median is reported. */
  rounds: number;
}

/** A body of work, run once per round over `items` items. Returns something, so it cannot be optimised away. */
export interface Workload {
  name: string;
  items: number;
  run(): unknown;
}

/**
 * Times workloads side by side: each round runs every workload once, in turn, so drift in machine load
 * affects them alike. Reports each one's median round.
 */
export function measureSideBySide(workloads: readonly Workload[], settings: BenchSettings): Measurement[] {
  const times = workloads.map(() => [] as number[]);
  let sink = 0;
  for (let round = 0; round < settings.warmupRounds + settings.rounds; round++) {
    workloads.forEach((workload, index) => {
      const start = performance.now();
      const result = workload.run();
      const elapsed = performance.now() - start;
      sink += result === undefined ? 0 : 1;
      if (round >= settings.warmupRounds) times[index]?.push(elapsed);
    });
  }
  if (sink < 0) console.log(sink);
  return workloads.map((workload, index) => {
    const medianMs = median(times[index] ?? []);
    return {
      name: workload.name,
      perSecond: (workload.items / medianMs) * 1000,
      medianMs,
      rounds: settings.rounds,
    };
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Seeded, so generated inputs are the same on every run. */
export { seededRandom } from '../src/testing/seeded-random.js';
