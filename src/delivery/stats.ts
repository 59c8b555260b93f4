/**
 * Counters of a destination's work since it was created, for monitoring and benchmarks.
 *
 * Every message given to `send` or `enqueue` (and not refused at once with an error) is counted in
 * exactly one of `waiting`, `queued`, `delivered`, `failed` and `skipped` at any moment, and only ever
 * moves forward (waiting for room, then queued, then settled; a skipped message settles at once). So
 * at any moment:
 * - messages given = `accepted` + `waiting`
 * - `accepted` = `delivered` + `failed` + `skipped` + `queued`
 *
 * and once `flush()` resolves, with nothing given since, `queued` and `waiting` are 0: every message
 * given is counted once in `delivered`, `failed` or `skipped`, and its result was reported once.
 */
export interface DeliveryStats {
  /** Messages accepted, skipped ones included. */
  accepted: number;
  /** Messages whose every operation Customer.io accepted. */
  delivered: number;
  /** Messages that finally failed, those `close()` gave up on included. */
  failed: number;
  /** Messages mapping decided not to send. */
  skipped: number;
  /** Messages accepted and not yet settled: queued, in flight or waiting for a retry (the queue depth). */
  queued: number;
  /** Messages waiting for room in the queue (`maxQueueSize`) before they are accepted. */
  waiting: number;
  /**
   * Requests sent, retries included. A request refused before it was sent (InvalidRequestError: nothing
   * was sent) is not counted here, nor in `batches` and `bytes`.
   */
  requests: number;
  /** Requests in flight now. */
  inFlight: number;
  /** Requests that failed with a retryable error, whose operations were scheduled again. */
  retries: number;
  /** Requests sent to `/api/v2/batch`. */
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
