/** What the delivery benchmark asks its worker processes (bench/delivery-worker.ts) to do, and their answers. */
import type { DeliveryStats } from '../src/delivery/stats.js';

/** Where the emulator process listens, and the credentials it accepts. */
export interface Target {
  url: string;
  siteId: string;
  apiKey: string;
}

/** The rate limit that never binds: the largest `rateLimit.requestsPerSecond` accepts. */
export const unboundedRate = 100_000;

export type WorkerJob =
  | {
      kind: 'throughput';
      /** `destination-onResult`: the destination with an `onResult` callback, so every result is built. */
      side: 'destination' | 'destination-onResult' | 'customerio-node';
      target: Target;
      /** Events to send; the same ones, in the same order, on both sides. */
      count: number;
      /** Makes this round's messageIds differ from other rounds'. */
      round: number;
      /** The destination's `rateLimit.requestsPerSecond`. */
      requestsPerSecond: number;
      /** customerio-node: `track()` calls in flight at once. */
      concurrency: number;
    }
  | {
      kind: 'saturation';
      target: Target;
      durationMs: number;
      round: number;
      /**
       * 0: one `await enqueue()` after another, which yields to the event loop only when the queue is full.
       * n: the same, but the loop also lets the event loop run (`setImmediate`) every n events, as a
       * producer whose events arrive through I/O does.
       */
      yieldEvery: number;
      /** `rateLimit.requestsPerSecond`; its default when omitted, like every other option. */
      requestsPerSecond?: number;
    }
  | { kind: 'memory'; target: Target; count: number; requestsPerSecond: number; sampleEveryMs: number };

export interface ThroughputResult {
  elapsedMs: number;
  sent: number;
  delivered: number;
  failed: number;
  /** Requests the client made, as it counts them (the destination's `stats()`; one per call otherwise). */
  requests: number;
  /** The first few failures, for the report. */
  errors: string[];
  nodeVersion: string;
}

export interface SaturationResult {
  /** Events given to `enqueue` while offering. */
  offered: number;
  offerMs: number;
  /** From the first `enqueue` to `flush()` resolving. */
  elapsedMs: number;
  stats: DeliveryStats;
  maxQueueSize: number;
  /** Samples of the queue taken while offering: how many, and how many found it full. */
  queueSamples: number;
  queueFullSamples: number;
  /** When each request started: the destination called its `fetch` (milliseconds since the epoch). */
  fetchStarts: number[];
}

export interface MemoryResult {
  count: number;
  elapsedMs: number;
  /** RSS once the destination was created, before the first event. */
  startRss: number;
  peakRss: number;
  endRss: number;
  peakHeapUsed: number;
  /** `process.memoryUsage()` at the sample with the highest RSS. */
  atPeak: NodeJS.MemoryUsage;
  samples: number;
  stats: DeliveryStats;
}

export type WorkerResult<J extends WorkerJob> = J['kind'] extends 'throughput'
  ? ThroughputResult
  : J['kind'] extends 'saturation'
    ? SaturationResult
    : MemoryResult;

export type WorkerReply =
  | { id: number; result: ThroughputResult | SaturationResult | MemoryResult }
  | { id: number; error: string };
