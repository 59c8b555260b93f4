/** Counters of a destination's work since it was created, for monitoring and benchmarks. */
export interface DeliveryStats {
  /** Messages accepted, skipped ones included. */
  accepted: number;
  /** Messages whose every operation Customer.io accepted. */
  delivered: number;
  /** Messages that finally failed. */
  failed: number;
  /** Messages mapping decided not to send. */
  skipped: number;
  /** Messages accepted and not yet settled: queued, in flight or waiting for a retry (the queue depth). */
  queued: number;
  /** Messages waiting for room in the queue (`maxQueueSize`) before they are accepted. */
  waiting: number;
  /** Requests started, retries included. */
  requests: number;
  /** Requests in flight now. */
  inFlight: number;
  /** Requests that failed with a retryable error, whose operations were scheduled again. */
  retries: number;
  /** Requests to `/api/v2/batch`. */
  batches: number;
  /** Operations Customer.io accepted. */
  operations: number;
  /** Request body bytes sent, retries included. */
  bytes: number;
}

/** The counters the engine keeps; `queued`, `waiting` and `inFlight` are read when asked. */
export type StatCounters = Omit<DeliveryStats, 'queued' | 'waiting' | 'inFlight'>;

export function emptyCounters(): StatCounters {
  return {
    accepted: 0,
    delivered: 0,
    failed: 0,
    skipped: 0,
    requests: 0,
    retries: 0,
    batches: 0,
    operations: 0,
    bytes: 0,
  };
}
