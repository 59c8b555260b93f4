/**
 * Delivery benchmarks: the destination (`createDestination`) end to end against the Track API emulator
 * on loopback, each part in processes of its own (bench/bench-processes.ts):
 *
 * - `delivery-throughput`: events per second through `enqueue` then `flush()` with a rate limit that never
 *   binds, side by side with the official `customerio-node` client sending the same events, one `track()`
 *   call each, 50 in flight;
 * - `delivery-rate`: with every delivery option at its default (100 requests per second), offered as much
 *   as the producer can: the request rate held and the most requests in any sliding second; then the same
 *   producer at a rate limit low enough for it to saturate (100 full batches a second would need ~131,000
 *   events a second offered, more than one core makes), for how full the batches are;
 * - `delivery-memory`: peak RSS while a million events go through `enqueue`.
 *
 * The emulator runs in a process of its own, answers at once and checks afterwards (see
 * bench/emulator-server.ts, and the note printed above the throughput table for why).
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { defaultDeliveryOptions } from '../src/delivery/options.js';
import {
  type EmulatorProcess,
  startEmulatorProcess,
  startWorker,
  type WorkerProcess,
} from './bench-processes.js';
import {
  type MemoryResult,
  type SaturationResult,
  type ThroughputResult,
  unboundedRate,
} from './delivery-jobs.js';
import type { EmulatorReport } from './emulator-server.js';
import { type Benchmark, type Measurement, median } from './measure.js';

/** Customer.io's limit on one `/api/v2/batch` body (500 KB), the denominator of batch fill. */
const batchLimitBytes = 512_000;

const throughput = {
  /**
   * Events per round, the same on both sides: several times `maxQueueSize`, so a round measures the
   * steady state (mapping overlapping requests in flight), not one queue-load mapped and then sent.
   */
  events: 20_000,
  /**
   * Rounds a long-running process has behind it (its code optimised, its heap at its working size), then
   * rounds timed, by side. A round of createDestination lasts under half a second, so it takes more of
   * them for its median to stand clear of a passing slowdown of the machine; a round of customerio-node
   * lasts about 12 seconds, which already evens such slowdowns out.
   */
  warmupRounds: { destination: 4, 'destination-onResult': 4, 'customerio-node': 2 },
  rounds: { destination: 9, 'destination-onResult': 9, 'customerio-node': 5 },
  /** customerio-node `track()` calls in flight at once. */
  concurrency: 50,
};
const rate = {
  /**
   * How long events are offered, in milliseconds. Long enough for the steady seconds to outweigh the
   * start: the first requests wait for connections and for code not yet optimised, so their places in
   * the arrival window free late, and the requests held back by that bunch up and free theirs together a
   * second later. The first seconds after the start run a few requests short of the limit that way.
   */
  offerMs: 10_000,
  variants: [
    { label: 'yielding every 100', yieldEvery: 100 },
    { label: 'tight loop', yieldEvery: 0 },
  ] satisfies RateVariant[],
  /**
   * Batch fill is only meaningful when saturated: at 5 full batches a second (~6,700 events/s at ~380 B)
   * both producers offer more than the limit carries, so every request should leave full.
   */
  fill: { label: 'tight loop at 5 requests/s', yieldEvery: 0, requestsPerSecond: 5 } satisfies RateVariant,
};
const memory = { events: 1_000_000, sampleEveryMs: 10, drainEveryMs: 1_000 };

const goals = {
  eventsPerSecond: 50_000,
  sustainedShare: 0.97,
  batchFill: 0.9,
  peakRssBytes: 200 * 1024 * 1024,
};

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function packageVersionOf(name: string): { version: string; engines: string } {
  // The package's exports leave out package.json: find it beside the resolved entry point.
  const entry = createRequire(import.meta.url).resolve(name);
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    engines?: { node?: string };
  };
  return { version: manifest.version, engines: manifest.engines?.node ?? 'any' };
}

/** Starts the processes a part needs, runs it, and always stops them. */
async function withProcesses<T>(
  run: (emulator: EmulatorProcess, worker: WorkerProcess) => Promise<T>,
  nodeFlags: readonly string[] = [],
): Promise<T> {
  const emulator = await startEmulatorProcess();
  const worker = await startWorker(nodeFlags);
  try {
    return await run(emulator, worker);
  } finally {
    await Promise.all([worker.stop(), emulator.stop()]);
  }
}

/** Extra Node flags for the client processes, such as `--cpu-prof`, from `BENCH_WORKER_FLAGS`. */
function workerFlags(): string[] {
  return (process.env.BENCH_WORKER_FLAGS ?? '').split(/\s+/).filter((flag) => flag !== '');
}

function statusesOk(report: EmulatorReport): boolean {
  return Object.keys(report.statuses).every((status) => status === '200');
}

function describeStatuses(report: EmulatorReport): string {
  return Object.entries(report.statuses)
    .map(([status, count]) => `${int(count)} x ${status}`)
    .join(', ');
}

interface SideRounds {
  results: ThroughputResult[];
  reports: EmulatorReport[];
}

export const deliveryThroughputBenchmark: Benchmark = {
  name: 'delivery-throughput',
  description:
    'events per second end to end, createDestination (enqueue + flush) beside customerio-node (one track() each)',
  async run() {
    const official = packageVersionOf('customerio-node');
    const sides = ['destination', 'destination-onResult', 'customerio-node'] as const;
    const rounds: Record<(typeof sides)[number], SideRounds> = {
      destination: { results: [], reports: [] },
      'destination-onResult': { results: [], reports: [] },
      'customerio-node': { results: [], reports: [] },
    };
    const names: Record<(typeof sides)[number], string> = {
      destination: 'createDestination',
      'destination-onResult': 'createDestination, with onResult',
      'customerio-node': `customerio-node ${official.version} (baseline)`,
    };

    // One worker process per side, so neither runs in the other's heap; only one is busy at a time.
    const emulator = await startEmulatorProcess();
    const workers = await Promise.all(sides.map(() => startWorker(workerFlags())));
    try {
      // Each side runs its rounds back to back, as a replay runs. Taking turns would leave each client
      // idle through the other's round (12 s for customerio-node), and V8 shrinks the heap of a process
      // that has been idle that long: every timed round would start from a cold heap, which the
      // warm-up rounds are there to avoid.
      for (const [index, side] of sides.entries()) {
        const warmupRounds = throughput.warmupRounds[side];
        for (let round = 0; round < warmupRounds + throughput.rounds[side]; round++) {
          await emulator.reset();
          const result = await (workers[index] as WorkerProcess).run({
            kind: 'throughput',
            side,
            target: emulator.target,
            count: throughput.events,
            round,
            requestsPerSecond: unboundedRate,
            concurrency: throughput.concurrency,
          });
          // Off the clock: the emulator validates and applies what it received, then counts.
          const report = await emulator.report({ reset: true, summaryOnly: true });
          if (round >= warmupRounds) {
            rounds[side].results.push(result);
            rounds[side].reports.push(report);
          }
        }
      }
    } finally {
      await Promise.all([...workers.map((worker) => worker.stop()), emulator.stop()]);
    }

    const measurements: Measurement[] = sides.map((side) => {
      const times = rounds[side].results.map((result) => result.elapsedMs);
      const medianMs = median(times);
      return {
        name: names[side],
        perSecond: (throughput.events / medianMs) * 1000,
        medianMs,
        rounds: times.length,
      };
    });
    const [ours, oursWithResults, theirs] = measurements as [Measurement, Measurement, Measurement];

    const checks = sides.map((side) => {
      const { results, reports } = rounds[side];
      const allDelivered = results.every((result) => result.delivered === result.sent && result.failed === 0);
      const allStored = reports.every(
        (report) => report.storedEvents === throughput.events && statusesOk(report),
      );
      const requests = reports.map((report) => report.requests);
      const last = reports[reports.length - 1] as EmulatorReport;
      const errors = results.flatMap((result) => result.errors).slice(0, 3);
      const counted =
        side !== 'customerio-node'
          ? `stats().delivered ${results.map((result) => int(result.delivered)).join('/')}`
          : `track() resolved ${results.map((result) => int(result.delivered)).join('/')}`;
      return [
        `  ${allDelivered && allStored ? 'ok  ' : 'FAIL'} ${side}: ${counted} of ${int(throughput.events)};` +
          ` emulator accepted ${requests.map(int).join('/')} requests (last round: ${describeStatuses(last)},` +
          ` ${Object.entries(last.routes)
            .map(([route, count]) => `${int(count)} ${route}`)
            .join(', ')}); workspace events ${reports.map((report) => int(report.storedEvents)).join('/')}`,
        ...errors.map((error) => `       error: ${error}`),
      ];
    });

    const emulatorCost = sides.map((side) => {
      const reports = rounds[side].reports;
      const ms = reports.reduce((sum, report) => sum + report.replayMs, 0);
      const items = reports.reduce((sum, report) => sum + report.items, 0);
      const requests = reports.reduce((sum, report) => sum + report.requests, 0);
      return { side, usPerEvent: (ms * 1000) / items, eventsPerSecond: (items / ms) * 1000, requests };
    });
    const [oursCost, , theirsCost] = emulatorCost as [
      (typeof emulatorCost)[number],
      (typeof emulatorCost)[number],
      (typeof emulatorCost)[number],
    ];
    const baselineNode = rounds['customerio-node'].results[0]?.nodeVersion ?? process.version;
    const baselineOk = rounds['customerio-node'].results.every((result) => result.failed === 0);

    return {
      notes: [
        `${int(throughput.events)} track events per round, ~380 B each as a v2 operation, the same events in the same order on both sides;`,
        `  createDestination: ${throughput.warmupRounds.destination} warm-up and ${throughput.rounds.destination} timed rounds (under half a second each), each way; customerio-node: ${throughput.warmupRounds['customerio-node']} and ${throughput.rounds['customerio-node']} (about 12 s each);`,
        "  each side's rounds back to back, as a replay runs (an idle process's heap shrinks); median round shown.",
        `createDestination: rateLimit.requestsPerSecond ${int(unboundedRate)} (never binds), other options at their defaults`,
        `  (maxConcurrentRequests ${defaultDeliveryOptions.maxConcurrentRequests}, maxBatchBytes ${int(defaultDeliveryOptions.maxBatchBytes)}); \`await enqueue(event)\` for each, then flush(); delivered = stats().delivered.`,
        '  "with onResult": the same with an onResult callback, as code that wants each outcome passes: every message then',
        '  has its result built, and its properties copied into its operations (a result shows what was sent, whatever',
        '  the caller changes afterwards). Without one, enqueue serialises the properties as they are, without copying them.',
        `customerio-node: new TrackClient(siteId, apiKey, { url: '<emulator>/api/v1' }), then track(userId, { name, data,`,
        `  timestamp }) per event, ${throughput.concurrency} calls in flight, its default retries (never needed here).`,
        'Processes: each client runs alone in a worker process of its own (compiled JS on plain node, one JS thread);',
        '  the emulator runs in another process, the same one for both sides, reset between runs.',
        'Why the emulator answers first and checks afterwards: validating and applying is costly',
        `  (${oursCost.usPerEvent.toFixed(0)} us per event in batches, ${theirsCost.usPerEvent.toFixed(0)} us per single-event request, measured below), so answering only`,
        '  after it would measure the emulator, not the client. So its process reads each body, answers 200 {} at',
        "  once, and after each run replays every request it kept through the emulator's handler (the one listen()",
        '  serves); the statuses it answers there and the events its workspace then holds make the check below.',
      ],
      measurements,
      summary: [
        `ratio: createDestination delivers ${(ours.perSecond / theirs.perSecond).toFixed(1)}x the events per second of customerio-node` +
          ` (${(oursWithResults.perSecond / theirs.perSecond).toFixed(1)}x with onResult)`,
        `goal >= ${int(goals.eventsPerSecond)} events/s end to end on one core: ${mark(ours.perSecond >= goals.eventsPerSecond)} (${int(ours.perSecond)} events/s)`,
        'delivery check, every timed round (emulator replay: every request answered 200, events held by the workspace):',
        ...checks.flat(),
        `customerio-node ${official.version} declares engines.node "${official.engines}"; it ran as is on node ${baselineNode}` +
          ` (no node 22 child needed): ${baselineOk ? 'every track() call resolved' : 'some calls failed, see above'}.`,
        `the emulator answering only after validating would have capped these runs near ${int(oursCost.eventsPerSecond)} events/s in batches` +
          ` and ${int(theirsCost.eventsPerSecond)} requests/s one event each.`,
      ],
    };
  },
};

/** Requests per second between the first and the last of `times` (milliseconds, sorted). */
function ratePerSecond(times: readonly number[]): number {
  if (times.length < 2) return 0;
  return ((times.length - 1) / ((times[times.length - 1] as number) - (times[0] as number))) * 1000;
}

/** How many of `times` (sorted) fall in each whole second from `first`, empty seconds included. */
function countsPerSecond(times: readonly number[], first: number): number[] {
  const counts: number[] = [];
  for (const time of times) {
    const second = Math.floor((time - first) / 1000);
    while (counts.length <= second) counts.push(0);
    counts[second] = (counts[second] as number) + 1;
  }
  return counts;
}

/** The most requests whose arrival falls in any one-second window, (t - 1000 ms, t]. */
function maxInAnySecond(times: readonly number[]): { count: number; at: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { count: 0, at: 0 };
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    const end = sorted[last] as number;
    while ((sorted[first] as number) <= end - 1000) first++;
    if (last - first + 1 > best.count) best = { count: last - first + 1, at: end };
  }
  return best;
}

interface RateVariant {
  label: string;
  /** See the saturation job's `yieldEvery`. */
  yieldEvery: number;
  /** The rate limit; the default (100 requests/s) when omitted. */
  requestsPerSecond?: number;
}

interface RateFigures {
  measurement: Measurement;
  lines: string[];
}

/**
 * One saturation run in a fresh worker, and what the emulator saw of it. `goal` says which goals this
 * run is judged by: the rate ones at the default limit, batch fill where the producer can saturate it.
 */
async function rateRun(
  emulator: EmulatorProcess,
  variant: RateVariant,
  round: number,
  goal: 'rate' | 'fill',
): Promise<RateFigures> {
  const limit = variant.requestsPerSecond ?? defaultDeliveryOptions.requestsPerSecond;
  await emulator.reset();
  const worker = await startWorker(workerFlags());
  let result: SaturationResult;
  try {
    result = await worker.run({
      kind: 'saturation',
      target: emulator.target,
      durationMs: rate.offerMs,
      round,
      yieldEvery: variant.yieldEvery,
      ...(variant.requestsPerSecond === undefined ? {} : { requestsPerSecond: variant.requestsPerSecond }),
    });
  } finally {
    await worker.stop();
  }
  // Counted, not replayed: replaying ~100 full batches a second would take minutes.
  const report = await emulator.report({ reset: true, replay: false });

  const times = [...report.receivedAt].sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const spanMs = (times[times.length - 1] ?? 0) - first;
  const sustained = ratePerSecond(times);
  const perSecond = countsPerSecond(times, first);
  // Steady state: the whole seconds after the first (the cold start: new connections, the queue still
  // filling) that end a second or more before the last arrival (the queue draining once the producer
  // stops). Whole seconds, so that a rate within the limit in every sliding second reads within it here
  // too: counting the gaps between the steady requests' own first and last arrivals reads a shorter
  // span, and can come out above it.
  const steadySeconds = perSecond.slice(1, 1 + Math.max(0, Math.floor((spanMs - 2000) / 1000)));
  const steady = steadySeconds.reduce((sum, count) => sum + count, 0) / Math.max(1, steadySeconds.length);
  const busiest = maxInAnySecond(times);
  const busiestStarts = maxInAnySecond(result.fetchStarts);
  // The first requests wait for connections while the limiter's clock runs: the same, without them.
  const busiestLater = maxInAnySecond(times.filter((time) => time - first >= 2000));
  const fill = report.bodyBytes / (report.requests * batchLimitBytes);
  const eventBytes = report.bodyBytes / Math.max(1, report.items);
  // What the limit carries when every request is a full batch, at this event size.
  const capacity = limit * (defaultDeliveryOptions.maxBatchBytes / eventBytes);
  const offeredRate = (result.offered / result.offerMs) * 1000;
  // Saturated: more offered than the limit carries, or (since backpressure holds a faster producer to
  // what is carried) the queue full nearly throughout while requests went at the limit.
  const heldBack = result.queueFullSamples >= 0.9 * result.queueSamples && sustained >= 0.9 * limit;
  const saturated = offeredRate >= capacity || heldBack;
  // Steady state: without the first second's requests (formed while the queue was still filling) and the
  // last one (the remainder flush() sends).
  const steadySizes = report.bodySizes
    .filter((_, index) => (report.receivedAt[index] ?? first) - first >= 1000)
    .slice(0, -1);
  const steadyFill =
    steadySizes.reduce((sum, size) => sum + size, 0) / (Math.max(1, steadySizes.length) * batchLimitBytes);
  const nearlyFull = report.bodySizes.filter((size) => size >= 0.9 * batchLimitBytes).length;
  const delivered = result.stats.delivered === result.offered && report.items === result.offered;
  const batches = report.routes['POST /api/v2/batch'] ?? 0;
  return {
    measurement: { name: `${variant.label}: requests`, perSecond: sustained, medianMs: spanMs, rounds: 1 },
    lines: [
      `${variant.label}:`,
      `  requests ${int(report.requests)} (${int(batches)} batches) over ${(spanMs / 1000).toFixed(2)} s; per whole second from the first: ${perSecond.join(', ')}`,
      `  most in any sliding second: ${busiest.count} arriving (${busiestStarts.count} started, as the client's fetch saw them; ${busiestLater.count} arriving after the first 2 s)`,
      `  events per request: ${(report.items / report.requests).toFixed(1)};` +
        ` batch fill ${percent(fill)} (${int(report.bodyBytes)} B / (${int(report.requests)} x ${int(batchLimitBytes)} B)); requests over 90% full: ${int(nearlyFull)}`,
      `  offered ${int(result.offered)} events in ${(result.offerMs / 1000).toFixed(2)} s = ${int(offeredRate)}/s; at ${eventBytes.toFixed(0)} B an event, ${limit} full batches/s carry ${int(capacity)}/s:` +
        ` ${offeredRate >= capacity ? 'saturated' : heldBack ? 'saturated (the producer held back by a full queue while requests went at the limit)' : 'NOT saturated, the client cannot offer that much'}`,
      `  steady batch fill (after the first second, without the last request): ${percent(steadyFill)} over ${int(steadySizes.length)} requests`,
      `  queue at maxQueueSize (${int(result.maxQueueSize)}) in ${result.queueFullSamples} of ${result.queueSamples} samples (a 20 ms timer, so few samples = a busy event loop)`,
      `  ${delivered ? 'ok  ' : 'FAIL'} delivered: stats().delivered ${int(result.stats.delivered)} of ${int(result.offered)}, items received ${int(report.items)}, retries ${int(result.stats.retries)}`,
      goal === 'rate'
        ? `  goal >= ${percent(goals.sustainedShare)} of the limit sustained: ${mark(steady >= goals.sustainedShare * limit)} (steady ${steady.toFixed(1)}/s; ${sustained.toFixed(1)}/s from the first request to the last)` +
          `; never above it: ${mark(busiest.count <= limit)} (${busiest.count})` +
          `; (batch fill ${percent(fill)}: not judged here, see the ${rate.fill.requestsPerSecond} requests/s run)`
        : `  goal batch fill >= ${percent(goals.batchFill)} when saturated: ${saturated ? mark(steadyFill >= goals.batchFill) : 'FAIL (not saturated)'} (steady ${percent(steadyFill)}, all requests ${percent(fill)}; at ${limit} requests/s)` +
          `; never above the limit: ${mark(busiest.count <= limit)} (${busiest.count})`,
    ],
  };
}

export const deliveryRateBenchmark: Benchmark = {
  name: 'delivery-rate',
  description: `createDestination at its default rate limit (${defaultDeliveryOptions.requestsPerSecond} requests/s), offered more than it can carry`,
  async run() {
    const emulator = await startEmulatorProcess();
    const figures: RateFigures[] = [];
    try {
      for (const [round, variant] of rate.variants.entries())
        figures.push(await rateRun(emulator, variant, round, 'rate'));
      figures.push(await rateRun(emulator, rate.fill, rate.variants.length, 'fill'));
    } finally {
      await emulator.stop();
    }
    return {
      notes: [
        `createDestination with every delivery option at its default (${defaultDeliveryOptions.requestsPerSecond} requests/s, ${defaultDeliveryOptions.maxConcurrentRequests} in flight,`,
        `  maxBatchBytes ${int(defaultDeliveryOptions.maxBatchBytes)}, maxQueueSize ${int(defaultDeliveryOptions.maxQueueSize)}); for ${int(rate.offerMs / 1000)} s, track events offered as fast as the producer`,
        '  is let, then flush(). Two producers, each in a fresh worker process:',
        ...rate.variants.map(
          (variant) =>
            `  - ${variant.label}: ${variant.yieldEvery === 0 ? '`for (...) await enqueue(event)`, which lets the event loop turn only when enqueue makes it (every 5 ms at this limit)' : `\`for (...) await enqueue(event)\`, letting the event loop run (setImmediate) every ${variant.yieldEvery} events, as a producer fed by I/O does`}`,
        ),
        `  - ${rate.fill.label}: the tight loop again with rateLimit.requestsPerSecond ${rate.fill.requestsPerSecond} (other options at their defaults), which it`,
        `    can saturate, for batch fill (${int(rate.offerMs / 1000)} s offered; the requests per second in its row are against a limit of ${rate.fill.requestsPerSecond}).`,
        'Rates come from the emulator process\'s arrival times (body received); "per second" is',
        '  (requests - 1) / (last arrival - first arrival); "steady", the requests arriving in the whole seconds from 1 s after the first to 1 s before the last, per second',
        '  (the cold start, and the queue draining after the producer stops). The emulator answers 200 {} at once and counts the items.',
      ],
      measurements: figures.map((figure) => figure.measurement),
      summary: figures.flatMap((figure) => figure.lines),
    };
  },
};

/** One million events through `enqueue` in a fresh worker started with `nodeFlags`. */
async function memoryRun(nodeFlags: readonly string[]): Promise<{ result: MemoryResult; received: number }> {
  return withProcesses(async (emulator, worker) => {
    // Drains the emulator's kept requests now and then, counting them, so its process stays small.
    let received = 0;
    let draining = Promise.resolve();
    const drain = () => {
      draining = draining.then(async () => {
        const report = await emulator.report({ reset: true, replay: false, summaryOnly: true });
        received += report.items;
      });
    };
    const timer = setInterval(drain, memory.drainEveryMs);
    try {
      const result = await worker.run({
        kind: 'memory',
        target: emulator.target,
        count: memory.events,
        requestsPerSecond: unboundedRate,
        sampleEveryMs: memory.sampleEveryMs,
      });
      clearInterval(timer);
      drain();
      await draining;
      return { result, received };
    } finally {
      clearInterval(timer);
    }
  }, nodeFlags);
}

function memoryLines({ result, received }: { result: MemoryResult; received: number }): string[] {
  const delivered = result.stats.delivered === result.count && received === result.count;
  return [
    `  RSS: ${mb(result.startRss)} before the first event, peak ${mb(result.peakRss)}, ${mb(result.endRss)} after flush()`,
    `  at the peak: heap ${mb(result.atPeak.heapUsed)} used of ${mb(result.atPeak.heapTotal)}, external ${mb(result.atPeak.external)} (array buffers ${mb(result.atPeak.arrayBuffers)}); highest heap used ${mb(result.peakHeapUsed)}; ${int(result.samples)} samples`,
    `  elapsed: ${(result.elapsedMs / 1000).toFixed(1)} s; requests ${int(result.stats.requests)}, batches ${int(result.stats.batches)}`,
    `  ${delivered ? 'ok  ' : 'FAIL'} delivered: stats().delivered ${int(result.stats.delivered)}, items received by the emulator ${int(received)}, of ${int(result.count)}`,
  ];
}

/** A smaller young generation than V8 picks for a process allocating this fast, for the second run. */
const smallYoungGeneration = '--max-semi-space-size=4';

export const deliveryMemoryBenchmark: Benchmark = {
  name: 'delivery-memory',
  description: `peak RSS while ${int(memory.events)} track events go through enqueue, in a fresh process`,
  async run() {
    const plain = await memoryRun(workerFlags());
    const tuned = await memoryRun([...workerFlags(), smallYoungGeneration]);
    const measurement = (name: string, { result }: typeof plain): Measurement => ({
      name,
      perSecond: (result.count / result.elapsedMs) * 1000,
      medianMs: result.elapsedMs,
      rounds: 1,
    });
    return {
      notes: [
        `${int(memory.events)} track events generated one at a time (never held together) and given to one`,
        `  \`await enqueue()\` loop, then flush(); rateLimit.requestsPerSecond ${int(unboundedRate)}, other options at their defaults`,
        `  (maxQueueSize ${int(defaultDeliveryOptions.maxQueueSize)}).`,
        `RSS sampled every ${memory.sampleEveryMs} ms and every 10,000 events, in a fresh worker process that runs nothing else`,
        '  (compiled JS on plain node). The emulator process answers 200 {} at once and counts the items it receives.',
        `Run twice: with Node's defaults (the one judged), then with ${smallYoungGeneration}, which shows how much of`,
        "  the peak is V8's young generation grown to its largest (2 x 16 MB on Node 20) by this allocation rate.",
      ],
      measurements: [
        measurement('enqueue + flush (node defaults)', plain),
        measurement(`enqueue + flush (${smallYoungGeneration})`, tuned),
      ],
      summary: [
        "with Node's defaults:",
        ...memoryLines(plain),
        `with ${smallYoungGeneration}:`,
        ...memoryLines(tuned),
        `goal peak RSS < ${mb(goals.peakRssBytes)} with Node's defaults: ${mark(plain.result.peakRss < goals.peakRssBytes)} (${mb(plain.result.peakRss)};` +
          ` ${mb(tuned.result.peakRss)} with ${smallYoungGeneration})`,
      ],
    };
  },
};

export const deliveryBenchmarks: readonly Benchmark[] = [
  deliveryThroughputBenchmark,
  deliveryRateBenchmark,
  deliveryMemoryBenchmark,
];
