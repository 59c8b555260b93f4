/**
 * Remembers which webhook deliveries were handled, by `event_id`: Customer.io retries a delivery it
 * got no 2xx for (a timeout after 4 seconds included) for up to seven days, so the same event can
 * arrive again after it was handled, or while it is still being handled.
 */
import { ConfigError } from '../errors.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import { positiveInteger } from './option-checks.js';

/**
 * - `claimed`: the caller now owns the event and must `complete` or `release` it;
 * - `in_flight`: someone else claimed it and has not finished;
 * - `done`: it was handled already.
 */
export type DedupeClaim = 'claimed' | 'in_flight' | 'done';

/**
 * Where handled event ids are kept. Every method may return a promise, so a store shared by several
 * processes (Redis, a database) can implement it: `claim` must then be atomic, as Redis's
 * `SET key in_flight NX PX <lease>` is, with a lease so a claim held by a crashed process expires;
 * `complete` as `SET key done PX <ttl>`; `release` as `DEL key`.
 */
export interface WebhookDedupeStore {
  /** Claims an event for handling, unless it is handled or being handled. */
  claim(eventId: string): DedupeClaim | Promise<DedupeClaim>;
  /** Marks a claimed event as handled: later deliveries of it are `done`. */
  complete(eventId: string): void | Promise<void>;
  /** Gives a claimed event up, unhandled, so a later delivery handles it. */
  release(eventId: string): void | Promise<void>;
}

export interface MemoryDedupeStoreOptions {
  /**
   * Most handled event ids remembered; beyond it the oldest are forgotten first. Each costs about
   * 100 bytes.
   * @default 100000
   */
  maxEntries?: number;
  /**
   * How long a handled event id is remembered, in milliseconds. The default covers Customer.io's
   * seven days of retries, plus an hour.
   * @default 608400000 (7 days and 1 hour)
   */
  ttlMs?: number;
  /**
   * The clock, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number;
}

const memoryDedupeStoreOptionKeys = {
  maxEntries: true,
  ttlMs: true,
  now: true,
} as const satisfies OptionKeys<MemoryDedupeStoreOptions>;

export const defaultDedupeMaxEntries = 100_000;
export const defaultDedupeTtlMs = (7 * 24 + 1) * 60 * 60 * 1000;

/** A memory dedupe store, as `createWebhookHandler` uses by default, with its size for inspection. */
export interface MemoryDedupeStore extends WebhookDedupeStore {
  /** Handled event ids remembered now, expired ones not yet swept included. */
  readonly size: number;
}

/**
 * A bounded in-memory store, for one process. It forgets on restart, and each process of a cluster
 * has its own: then a redelivery can be handled twice, which a shared store prevents.
 */
export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): MemoryDedupeStore {
  checkOptionKeys(options, memoryDedupeStoreOptionKeys);
  const maxEntries = positiveInteger('maxEntries', options.maxEntries, defaultDedupeMaxEntries);
  const ttlMs = positiveInteger('ttlMs', options.ttlMs, defaultDedupeTtlMs);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new ConfigError('now', 'must be a function returning milliseconds');

  // Insertion order is expiry order, since every entry lives ttlMs: the oldest are always first.
  const handled = new Map<string, number>();
  const inFlight = new Set<string>();

  const sweep = (time: number) => {
    for (const [eventId, expiresAt] of handled) {
      if (expiresAt > time && handled.size <= maxEntries) break;
      handled.delete(eventId);
    }
  };

  return {
    claim(eventId) {
      const time = now();
      sweep(time);
      if (handled.has(eventId)) return 'done';
      if (inFlight.has(eventId)) return 'in_flight';
      inFlight.add(eventId);
      return 'claimed';
    },
    complete(eventId) {
      inFlight.delete(eventId);
      handled.delete(eventId);
      const time = now();
      handled.set(eventId, time + ttlMs);
      sweep(time);
    },
    release(eventId) {
      inFlight.delete(eventId);
    },
    get size() {
      return handled.size;
    },
  };
}
