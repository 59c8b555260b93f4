/**
 * `collector`: Segment's Tracking API under load. autocannon posts `/v1/batch` requests of 100 website
 * messages (bench/collector-messages.ts) to each server of bench/collector-server.ts, in a process of
 * its own, whose destination delivers to the benchmark's emulator process on loopback (it answers at
 * once; bench/emulator-server.ts). In one run, side by side:
 *
 * - the floor: a bare node:http server that reads the same body, parses it and answers 200;
 * - the collector as `serve` runs it, and as a library user mounts it (`toNodeListener`), both on
 *   Hono's Node adapter, and behind a plain node:http adapter with undici's Request and Response;
 * - the collector as `serve` runs it, offered half of its saturation rate, for its latency there. That
 *   run is paced here, one request every 1/rate seconds (autocannon's rate limit lets each connection
 *   send as fast as it can until its quota of the second is used, then waits for the next second: at
 *   "half" the rate, that is saturation for half of every second). Its latency counts from when each
 *   request was due, so a server that falls behind is not excused by the requests it delayed.
 *
 * Each saturation run lasts 10 s after 3 s of warm-up; `BENCH_COLLECTOR_SECONDS=300` makes the main one
 * (the collector as `serve` runs it) last 5 minutes, for its peak memory over a long run.
 * `BENCH_COLLECTOR_NODE_FLAGS` gives the servers Node flags, such as `--max-old-space-size=160`.
 */
import autocannon from 'autocannon';
import {
  type CollectorServerProcess,
  startCollectorServer,
  startEmulatorProcess,
} from './bench-processes.js';
import { bodyOf, bodyPieces, messagesPerRequest } from './collector-messages.js';
import type { ServerKind } from './collector-server.js';
import type { Benchmark, Measurement } from './measure.js';

const writeKey = 'bench-write-key';
const connections = 10;
const warmupSeconds = 3;
const defaultSeconds = 10;

interface LoadResult {
  kind: ServerKind;
  /** Requests answered 2xx per second. */
  okPerSecond: number;
  /** Requests answered otherwise (429 when the queue stayed full), in all. */
  refused: number;
  errors: number;
  p50: number;
  p99: number;
  seconds: number;
  peakRss: number;
  delivered: number;
  failed: number;
}

/** autocannon at saturation: `connections` connections, each sending as soon as its last request is answered. */
let requestNumber = 0;
async function load(
  server: CollectorServerProcess,
  pieces: readonly string[],
  seconds: number,
): Promise<autocannon.Result> {
  return autocannon({
    url: `${server.url}/v1/batch`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodyOf(pieces, requestNumber++) }) }],
  });
}

/**
 * Requests sent evenly, `rate` a second for `seconds`, through Node's fetch (undici, keep-alive), as
 * autocannon reports them.
 */
async function paced(
  server: CollectorServerProcess,
  pieces: readonly string[],
  seconds: number,
  rate: number,
  first: number,
): Promise<
  Pick<autocannon.Result, '2xx' | 'non2xx' | 'errors' | 'duration'> & {
    latency: { p50: number; p99: number };
  }
> {
  const interval = 1000 / rate;
  const count = Math.round(seconds * rate);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const headers = {
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
  };
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    requests.push(
      fetch(`${server.url}/v1/batch`, { method: 'POST', headers, body: bodyOf(pieces, first + index) })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.ok) ok += 1;
          else non2xx += 1;
          latencies.push(performance.now() - due);
        })
        .catch(() => {
          errors += 1;
        }),
    );
  }
  await Promise.all(requests);
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * quantile))] ?? 0);
  return {
    '2xx': ok,
    non2xx,
    errors,
    duration: (performance.now() - started) / 1000,
    latency: { p50: at(0.5), p99: at(0.99) },
  };
}

async function measure(
  kind: ServerKind,
  pieces: readonly string[],
  sink: Awaited<ReturnType<typeof startEmulatorProcess>>,
  seconds: number,
  pacedRate?: number,
): Promise<LoadResult> {
  const nodeFlags = process.env.BENCH_COLLECTOR_NODE_FLAGS?.split(' ').filter((flag) => flag !== '') ?? [];
  const server = await startCollectorServer(
    {
      kind,
      writeKey,
      sink: { url: sink.target.url, siteId: sink.target.siteId, apiKey: sink.target.apiKey },
    },
    nodeFlags,
  );
  // The sink keeps what it receives: empty it as the run goes, or its memory grows with the run.
  const drain = setInterval(() => void sink.report({ reset: true, replay: false, summaryOnly: true }), 5_000);
  try {
    const run = (runSeconds: number, first: number) =>
      pacedRate === undefined
        ? load(server, pieces, runSeconds)
        : paced(server, pieces, runSeconds, pacedRate, first);
    await run(warmupSeconds, 1e9);
    const result = await run(seconds, 2e9);
    const stats = await server.stats();
    return {
      kind,
      okPerSecond: result['2xx'] / result.duration,
      refused: result.non2xx,
      errors: result.errors,
      p50: result.latency.p50,
      p99: result.latency.p99,
      seconds: result.duration,
      peakRss: stats.peakRss,
      delivered: stats.delivered,
      failed: stats.failed,
    };
  } finally {
    clearInterval(drain);
    await server.stop();
    await sink.report({ reset: true, replay: false, summaryOnly: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const round = (value: number) => Math.round(value).toLocaleString('en-US');

export const collectorBenchmark: Benchmark = {
  name: 'collector',
  description: `/v1/batch requests of ${messagesPerRequest} website messages, ${connections} connections, against the floor`,
  async run() {
    const longSeconds = Number(process.env.BENCH_COLLECTOR_SECONDS ?? defaultSeconds);
    const pieces = bodyPieces(writeKey);
    const bodyBytes = Buffer.byteLength(bodyOf(pieces, 1));
    const sink = await startEmulatorProcess();
    try {
      const floor = await measure('floor', pieces, sink, defaultSeconds);
      const serve = await measure('collector', pieces, sink, longSeconds);
      const mounted = await measure('collector-mounted', pieces, sink, defaultSeconds);
      const undici = await measure('collector-undici', pieces, sink, defaultSeconds);
      const halfRate = Math.max(1, Math.round(serve.okPerSecond / 2));
      const atHalf = await measure('collector', pieces, sink, defaultSeconds, halfRate);

      const rows: LoadResult[] = [floor, serve, mounted, undici, atHalf];
      const label = (row: LoadResult, index: number) =>
        index === 4
          ? `collector (serve), ${halfRate} requests/s paced evenly (half)`
          : {
              floor: 'floor: node:http, JSON.parse, 200',
              collector: 'collector (serve: Hono adapter, lighter globals)',
              'collector-mounted': 'collector (toNodeListener: Hono adapter)',
              'collector-undici': 'collector (plain node:http, undici Request/Response)',
            }[row.kind];
      const measurements: Measurement[] = rows.map((row, index) => ({
        name: `${label(row, index)}: p50 ${row.p50} ms, p99 ${row.p99} ms, peak RSS ${mb(row.peakRss)}, non-2xx ${row.refused}`,
        perSecond: row.okPerSecond * messagesPerRequest,
        medianMs: row.p50,
        rounds: 1,
      }));
      const ratio = serve.okPerSecond / floor.okPerSecond;
      return {
        notes: [
          ...(process.env.BENCH_COLLECTOR_NODE_FLAGS
            ? [`Servers run with ${process.env.BENCH_COLLECTOR_NODE_FLAGS}.`]
            : []),
          `Bodies of ${round(bodyBytes)} bytes; "per second" is messages accepted (requests answered 2xx x ${messagesPerRequest}).`,
          `Saturation runs of ${defaultSeconds} s (the collector as serve runs it: ${longSeconds} s) after ${warmupSeconds} s of warm-up; "ms per round" is the p50 latency.`,
        ],
        measurements,
        summary: [
          `collector / floor: ${ratio.toFixed(2)} (goal: 0.5 or more)`,
          `p99 at half the collector's saturation rate: ${atHalf.p99} ms (goal: under 50 ms)`,
          `peak RSS of the collector over ${serve.seconds} s: ${mb(serve.peakRss)} (goal: under 300 MB for 300 s)`,
          `delivered to the sink during the collector's run: ${round(serve.delivered)} messages, ${serve.failed} failed`,
        ],
      };
    } finally {
      await sink.stop();
    }
  },
};
