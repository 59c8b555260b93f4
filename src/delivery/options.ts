/** How messages are delivered: rate, concurrency, queueing, batching and retries. */
import { ConfigError, quote } from '../errors.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import type { DeliveryResult } from './delivery-result.js';
import { guardLogger, guardOnResult } from './user-code.js';

/** Customer.io's limit on one `POST /api/v2/batch` body, in bytes (500 KB). */
export const batchLimitBytes = 512_000;
/** Customer.io's limit on one v2 operation, alone or as a batch item, in bytes (32 KB). */
export const entityLimitBytes = 32_768;
/** `{"batch":[]}`: what a batch body adds around its items. */
export const batchEnvelopeBytes = 12;

/**
 * Where the destination reports what it does; `console` fits. Each method is optional. What a method
 * throws, or a promise it returns rejects with, is ignored: it never stops delivery.
 */
export interface DeliveryLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

export interface RateLimitOptions {
  /**
   * Most requests Customer.io receives in any sliding second, retries included. Segment's
   * documentation of this destination advises 100 to 200; Customer.io's own pages speak of 100 as fair
   * use. Each request counts from its start until a second after its answer, so however long it takes
   * to arrive, it never shares a second with more than the limit.
   * @default 100
   */
  requestsPerSecond?: number;
}

/**
 * When a failed request is tried again. A `Retry-After` from the server is honoured in full (up to 24
 * hours; longer values are taken as 24 hours): the operations it refused wait at least that long, and
 * no request of the destination starts before it has passed. When that wait would end past an
 * operation's retry budget (`maxElapsedMs`), the operation fails at once with a `retries_exhausted`
 * DeliveryError saying so, rather than wait for nothing.
 */
export interface RetryOptions {
  /**
   * Most times one operation is sent while each attempt fails with a retryable error (408, 429, 500,
   * 502, 503, 504, 522, 524, a network error or a timeout), the first attempt included. 1 turns retries off.
   * @default 8
   */
  maxAttempts?: number;
  /**
   * The backoff before the first retry, in milliseconds; it doubles with each further retry. The delay
   * actually waited is drawn at random between 0 and the backoff ("full jitter").
   * @default 500
   */
  baseDelayMs?: number;
  /**
   * The longest backoff of our own, in milliseconds. It does not shorten a `Retry-After`: the server's
   * wait is honoured in full.
   * @default 30000
   */
  maxDelayMs?: number;
  /**
   * The retry budget of an operation, in milliseconds from its first attempt: no retry starts later.
   * An operation whose server asks (`Retry-After`) for a wait that ends later fails at once.
   * @default 300000
   */
  maxElapsedMs?: number;
}

export interface DeliveryOptions {
  /** The request rate limit shared by every request of the destination. */
  rateLimit?: RateLimitOptions;
  /**
   * Most requests in flight at once.
   * @default 10
   */
  maxConcurrentRequests?: number;
  /**
   * Most messages accepted and not yet settled (queued, in flight or waiting for a retry). Beyond it,
   * `enqueue` and `send` wait for room before accepting a message. Each holds about 1.5 KB (its
   * operations and their JSON). It also bounds throughput: with a round trip of `r` seconds to
   * Customer.io, at most `maxQueueSize / r` messages a second get through (15,000 at the default and
   * 200 ms), so raise it for bulk replays over a slow link, at the cost of memory: messages that wait
   * longer than a young-generation collection or two are moved to V8's old generation, which lets its
   * garbage pile up before a full collection (a million events at full speed peak near 140 MB with
   * the default).
   * @default 3000
   */
  maxQueueSize?: number;
  /** When and how often a failed request is tried again. */
  retry?: RetryOptions;
  /**
   * Largest `POST /api/v2/batch` body, in bytes, from 32780 (room for one 32 KB item) to Customer.io's
   * 512000 (500 KB).
   * @default 500000
   */
  maxBatchBytes?: number;
  /**
   * How long a request may wait for more operations to fill its batch, in milliseconds. With 0, a
   * request goes out as soon as the rate limit and `maxConcurrentRequests` allow, carrying everything
   * queued at that moment.
   * @default 0
   */
  lingerMs?: number;
  /**
   * Called once for every message, sent or enqueued, when it settles (delivered, failed or skipped).
   * What it throws, or a promise it returns rejects with, goes to `logger.error` and is otherwise
   * ignored: the message is settled all the same. With it, every enqueued message has its result
   * built and its properties or traits copied into its operations, so that the result shows what was
   * sent whatever the caller changes afterwards; without it, `enqueue` serialises them as they are, which
   * is faster (`npm run bench` measures both). `stats()` and `logger` report failures either way.
   * @default none
   */
  onResult?: (result: DeliveryResult) => void;
  /**
   * Receives retries and split batches (debug), final failures (warn), refused credentials and what
   * `onResult` throws (error).
   * @default no logging
   */
  logger?: DeliveryLogger;
}

/** How long `close()` waits for the messages already given. Without either, it waits until every one settles. */
export interface CloseOptions {
  /**
   * Stops waiting when it aborts: every message still unsettled then fails with DeliveryAbandonedError.
   * @default none
   */
  signal?: AbortSignal;
  /**
   * Stops waiting after this many milliseconds, as `signal` does.
   * @default no limit
   */
  timeoutMs?: number;
}

const closeOptionKeys = { signal: true, timeoutMs: true } as const satisfies OptionKeys<CloseOptions>;

/** Every option of `DeliveryOptions`, `RateLimitOptions` and `RetryOptions`: other names are refused. */
export const deliveryOptionKeys = {
  rateLimit: true,
  maxConcurrentRequests: true,
  maxQueueSize: true,
  retry: true,
  maxBatchBytes: true,
  lingerMs: true,
  onResult: true,
  logger: true,
} as const satisfies OptionKeys<DeliveryOptions>;
const rateLimitOptionKeys = { requestsPerSecond: true } as const satisfies OptionKeys<RateLimitOptions>;
const retryOptionKeys = {
  maxAttempts: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxElapsedMs: true,
} as const satisfies OptionKeys<RetryOptions>;

/** Delivery options with every default applied. */
export interface ResolvedDeliveryOptions {
  requestsPerSecond: number;
  maxConcurrentRequests: number;
  maxQueueSize: number;
  retry: Required<RetryOptions>;
  maxBatchBytes: number;
  lingerMs: number;
  /** Guarded (user-code.ts): it never throws. */
  onResult: ((result: DeliveryResult) => void) | undefined;
  /** Guarded (user-code.ts): its methods never throw. */
  logger: DeliveryLogger;
}

export const defaultDeliveryOptions = {
  requestsPerSecond: 100,
  maxConcurrentRequests: 10,
  maxQueueSize: 3_000,
  retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000, maxElapsedMs: 300_000 },
  maxBatchBytes: 500_000,
  lingerMs: 0,
} as const;

/** The longest delay a timer can hold. */
const maxTimerMs = 2 ** 31 - 1;

/** Checks every delivery option and applies defaults; throws ConfigError naming the first option at fault. */
export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const defaults = defaultDeliveryOptions;
  const rateLimit = objectOption(options.rateLimit, 'rateLimit');
  const retry = objectOption(options.retry, 'retry');
  checkOptionKeys(rateLimit, rateLimitOptionKeys, 'rateLimit');
  checkOptionKeys(retry, retryOptionKeys, 'retry');
  // A maxDelayMs below the default base delay lowers the base with it, rather than being refused.
  const maxDelayMs = integer(retry.maxDelayMs, 'retry.maxDelayMs', defaults.retry.maxDelayMs, 0, maxTimerMs);
  const baseDelayMs = integer(
    retry.baseDelayMs,
    'retry.baseDelayMs',
    Math.min(defaults.retry.baseDelayMs, maxDelayMs),
    0,
    retry.maxDelayMs === undefined ? maxTimerMs : maxDelayMs,
  );
  const resolved: ResolvedDeliveryOptions = {
    requestsPerSecond: integer(
      rateLimit.requestsPerSecond,
      'rateLimit.requestsPerSecond',
      defaults.requestsPerSecond,
      1,
      100_000,
    ),
    maxConcurrentRequests: integer(
      options.maxConcurrentRequests,
      'maxConcurrentRequests',
      defaults.maxConcurrentRequests,
      1,
      10_000,
    ),
    maxQueueSize: integer(options.maxQueueSize, 'maxQueueSize', defaults.maxQueueSize, 1, 2 ** 32),
    retry: {
      maxAttempts: integer(retry.maxAttempts, 'retry.maxAttempts', defaults.retry.maxAttempts, 1, 1000),
      baseDelayMs,
      maxDelayMs: Math.max(maxDelayMs, baseDelayMs),
      maxElapsedMs: integer(
        retry.maxElapsedMs,
        'retry.maxElapsedMs',
        defaults.retry.maxElapsedMs,
        0,
        2 ** 52,
      ),
    },
    maxBatchBytes: integer(
      options.maxBatchBytes,
      'maxBatchBytes',
      defaults.maxBatchBytes,
      entityLimitBytes + batchEnvelopeBytes,
      batchLimitBytes,
    ),
    lingerMs: integer(options.lingerMs, 'lingerMs', defaults.lingerMs, 0, 60_000),
    onResult: functionOption(options.onResult, 'onResult'),
    logger: objectOption(options.logger, 'logger'),
  };
  for (const level of ['debug', 'warn', 'error'] as const) {
    functionOption(resolved.logger[level], `logger.${level}`);
  }
  // Every call into the user's code goes through these guards from here on.
  resolved.logger = guardLogger(resolved.logger);
  resolved.onResult = guardOnResult(resolved.onResult, resolved.logger);
  return resolved;
}

/** `close()`'s options, checked (ConfigError naming `close.<option>`). */
export function resolveCloseOptions(options: CloseOptions | undefined): CloseOptions {
  if (options === undefined) return {};
  checkOptionKeys(options, closeOptionKeys, 'close');
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !isAbortSignal(signal))
    throw new ConfigError('close.signal', 'expected an AbortSignal');
  return {
    signal,
    timeoutMs: timeoutMs === undefined ? undefined : integer(timeoutMs, 'close.timeoutMs', 0, 0, maxTimerMs),
  };
}

/** An AbortSignal, from this realm or another (duck-typed, as fetch implementations accept them). */
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function' &&
    typeof (value as AbortSignal).removeEventListener === 'function'
  );
}

function integer(value: unknown, option: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      option,
      `expected a whole number from ${min} to ${max}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A wrong option value as an error message shows it: a string quoted and cut to size, never whole. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function objectOption<T extends object>(value: T | undefined, option: string): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw new ConfigError(option, 'expected an object');
  return value;
}

function functionOption<T>(value: T | undefined, option: string): T | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw new ConfigError(option, 'expected a function');
  return value;
}
