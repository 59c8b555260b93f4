/**
 * The client side of the delivery benchmark, in a process of its own (forked by bench/bench-processes.ts):
 * it runs one job at a time, sent over IPC, against an emulator process, and answers with what it
 * measured. Being long-lived, it keeps its JIT warm from one round to the next; the rate and memory
 * parts start a fresh one for each run.
 */

import type { DeliveryResult } from '../src/delivery/delivery-result.js';
import { defaultDeliveryOptions } from '../src/delivery/options.js';
import { createDestination } from '../src/destination.js';
import { type TrackEvent, trackEvent, trackEvents } from './delivery-events.js';
import type {
  MemoryResult,
  SaturationResult,
  Target,
  ThroughputResult,
  WorkerJob,
  WorkerReply,
} from './delivery-jobs.js';

const maxErrors = 3;

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}

interface DestinationSetup {
  requestsPerSecond?: number;
  /** Told when the client's fetch is called: when a request really starts, beneath the rate limiter. */
  onFetch?: () => void;
  /** Whether to pass an `onResult` callback, which has every message's result built. */
  withOnResult?: boolean;
}

/**
 * A destination with its options at their defaults but those given. Failures are collected from its
 * logger, which every destination has, so that only `withOnResult` adds an `onResult`.
 */
function destinationFor(target: Target, { requestsPerSecond, onFetch, withOnResult }: DestinationSetup = {}) {
  const errors: string[] = [];
  const destination = createDestination({
    siteId: target.siteId,
    apiKey: target.apiKey,
    baseUrl: target.url,
    ...(requestsPerSecond === undefined ? {} : { rateLimit: { requestsPerSecond } }),
    ...(onFetch === undefined
      ? {}
      : {
          fetch: (request: Request) => {
            onFetch();
            return globalThis.fetch(request);
          },
        }),
    logger: {
      warn(message) {
        if (errors.length < maxErrors) errors.push(message);
      },
    },
    // The logger has already told every failure; what is measured is that each result gets built.
    ...(withOnResult ? { onResult: (_result: DeliveryResult) => {} } : {}),
  });
  return { destination, errors };
}

async function throughputOfDestination(job: Extract<WorkerJob, { kind: 'throughput' }>) {
  const events = trackEvents(job.count, job.round);
  const { destination, errors } = destinationFor(job.target, {
    requestsPerSecond: job.requestsPerSecond,
    withOnResult: job.side === 'destination-onResult',
  });
  const start = performance.now();
  for (const event of events) await destination.enqueue(event);
  await destination.flush();
  const elapsedMs = performance.now() - start;
  const stats = destination.stats();
  await destination.close();
  return {
    elapsedMs,
    sent: events.length,
    delivered: stats.delivered,
    failed: stats.failed,
    requests: stats.requests,
    errors,
    nodeVersion: process.version,
  } satisfies ThroughputResult;
}

/** customerio-node's track() arguments for a Segment track event, as a user of that client writes them. */
function trackArguments(event: TrackEvent): [customerId: string, data: Record<string, unknown>] {
  return [
    event.userId,
    {
      name: event.event,
      data: event.properties,
      timestamp: Math.floor(Date.parse(event.timestamp) / 1000),
    },
  ];
}

async function throughputOfCustomerioNode(job: Extract<WorkerJob, { kind: 'throughput' }>) {
  const { TrackClient } = await import('customerio-node');
  const events = trackEvents(job.count, job.round);
  // `url` is the client's documented override of the Track host; its paths are appended to it.
  const client = new TrackClient(job.target.siteId, job.target.apiKey, { url: `${job.target.url}/api/v1` });
  const errors: string[] = [];
  let delivered = 0;
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < events.length) {
      const event = events[next++] as TrackEvent;
      try {
        await client.track(...trackArguments(event));
        delivered++;
      } catch (error) {
        failed++;
        if (errors.length < maxErrors) errors.push(describe(error));
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const elapsedMs = performance.now() - start;
  return {
    elapsedMs,
    sent: events.length,
    delivered,
    failed,
    requests: events.length,
    errors,
    nodeVersion: process.version,
  } satisfies ThroughputResult;
}

async function saturation(job: Extract<WorkerJob, { kind: 'saturation' }>): Promise<SaturationResult> {
  // Every delivery option at its default (100 requests per second, 10 in flight, 500000-byte batches),
  // unless the job sets the rate.
  const fetchStarts: number[] = [];
  const { destination } = destinationFor(job.target, {
    requestsPerSecond: job.requestsPerSecond,
    onFetch: () => fetchStarts.push(Date.now()),
  });
  const { maxQueueSize } = defaultDeliveryOptions;
  let queueSamples = 0;
  let queueFullSamples = 0;
  const sampler = setInterval(() => {
    const stats = destination.stats();
    queueSamples++;
    if (stats.queued >= maxQueueSize) queueFullSamples++;
  }, 20);
  let offered = 0;
  const start = performance.now();
  while (performance.now() - start < job.durationMs) {
    await destination.enqueue(trackEvent(offered, job.round));
    offered++;
    if (job.yieldEvery > 0 && offered % job.yieldEvery === 0) await new Promise(setImmediate);
  }
  const offerMs = performance.now() - start;
  clearInterval(sampler);
  await destination.flush();
  const elapsedMs = performance.now() - start;
  const stats = destination.stats();
  await destination.close();
  return { offered, offerMs, elapsedMs, stats, maxQueueSize, queueSamples, queueFullSamples, fetchStarts };
}

async function memory(job: Extract<WorkerJob, { kind: 'memory' }>): Promise<MemoryResult> {
  const { destination } = destinationFor(job.target, { requestsPerSecond: job.requestsPerSecond });
  trackEvent(0); // builds the event pool before the first sample
  const startRss = process.memoryUsage().rss;
  let atPeak = process.memoryUsage();
  let peakHeapUsed = 0;
  let samples = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    samples++;
    if (usage.rss > atPeak.rss) atPeak = usage;
    if (usage.heapUsed > peakHeapUsed) peakHeapUsed = usage.heapUsed;
  };
  // A timer, and every 10,000 events in case the loop keeps the timer waiting.
  const sampler = setInterval(sample, job.sampleEveryMs);
  const start = performance.now();
  for (let n = 0; n < job.count; n++) {
    await destination.enqueue(trackEvent(n));
    if (n % 10_000 === 0) sample();
  }
  await destination.flush();
  const elapsedMs = performance.now() - start;
  sample();
  clearInterval(sampler);
  const stats = destination.stats();
  await destination.close();
  return {
    count: job.count,
    elapsedMs,
    startRss,
    peakRss: atPeak.rss,
    endRss: process.memoryUsage().rss,
    peakHeapUsed,
    atPeak,
    samples,
    stats,
  };
}

function runJob(job: WorkerJob): Promise<ThroughputResult | SaturationResult | MemoryResult> {
  switch (job.kind) {
    case 'throughput':
      return job.side === 'customerio-node' ? throughputOfCustomerioNode(job) : throughputOfDestination(job);
    case 'saturation':
      return saturation(job);
    case 'memory':
      return memory(job);
  }
}

const send = process.send?.bind(process);
if (!send)
  throw new Error('bench/delivery-worker.ts must be started with fork(), which gives it an IPC channel');
let chain = Promise.resolve();
process.on('message', ({ id, job }: { id: number; job: WorkerJob }) => {
  chain = chain.then(async () => {
    try {
      send({ id, result: await runJob(job) } satisfies WorkerReply);
    } catch (error) {
      send({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});
process.on('disconnect', () => process.exit(0));
