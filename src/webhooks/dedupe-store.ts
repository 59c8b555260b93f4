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
  return memoryDedupeStore(options, defaultDedupeMaxEntries, defaultDedupeTtlMs);
}

/**
 * The memory store behind `createMemoryDedupeStore` (and the collector's messageId store, with its own
 * defaults), options already checked for unknown names. Every operation costs the same however full it
 * is: ids are forgotten in the order they were remembered, from a ring of fixed size beside the map.
 * Walking the map itself for its oldest entries would first step past every slot the forgotten ones
 * left, until it is rehashed: about 65 µs an operation at 100,000 entries.
 */
export function memoryDedupeStore(
  options: MemoryDedupeStoreOptions,
  defaultMaxEntries: number,
  defaultTtlMs: number,
): MemoryDedupeStore {
  const maxEntries = positiveInteger('maxEntries', options.maxEntries, defaultMaxEntries);
  const ttlMs = positiveInteger('ttlMs', options.ttlMs, defaultTtlMs);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new ConfigError('now', 'must be a function returning milliseconds');

  // Each id and when it expires, or `claimedMark` while it is being handled: one map for both, so an
  // id costs two lookups, claim and complete.
  const expiries = new Map<string, number>();
  // The ring: ids in the order they were remembered, with the expiry they were remembered with. An id
  // remembered again is in the ring twice; only the entry matching the map's expiry removes it.
  const ringIds: Array<string | undefined> = [];
  const ringExpiries: number[] = [];
  let head = 0;
  let length = 0;
  /** Ids claimed and not yet completed or released: in the map, not counted in `size`. */
  let claimed = 0;

  const forgetOldest = () => {
    const id = ringIds[head] as string;
    const expiry = ringExpiries[head] as number;
    ringIds[head] = undefined;
    head = (head + 1) % maxEntries;
    length -= 1;
    if (expiries.get(id) === expiry) expiries.delete(id);
  };
  const sweep = (time: number) => {
    while (length > 0 && (ringExpiries[head] as number) <= time) forgetOldest();
  };

  return {
    claim(id) {
      sweep(now());
      const expiry = expiries.get(id);
      if (expiry === claimedMark) return 'in_flight';
      if (expiry !== undefined) return 'done';
      expiries.set(id, claimedMark);
      claimed += 1;
      return 'claimed';
    },
    complete(id) {
      const time = now();
      sweep(time);
      if (length === maxEntries) forgetOldest();
      const expiry = time + ttlMs;
      const tail = (head + length) % maxEntries;
      ringIds[tail] = id;
      ringExpiries[tail] = expiry;
      length += 1;
      if (expiries.get(id) === claimedMark) claimed -= 1;
      expiries.set(id, expiry);
    },
    release(id) {
      if (expiries.get(id) !== claimedMark) return;
      expiries.delete(id);
      claimed -= 1;
    },
    get size() {
      return expiries.size - claimed;
    },
  };
}

/** What the map holds for an id being handled: no expiry is ever negative. */
const claimedMark = -1;

/**
 * The store an options object names: none for `false`, `fallback()` when not given, else the store
 * itself once it has the three methods.
 * @throws ConfigError naming the `dedupe` option
 */
export function resolveDedupeStore(
  dedupe: WebhookDedupeStore | false | undefined,
  fallback: () => WebhookDedupeStore,
): WebhookDedupeStore | undefined {
  if (dedupe === false) return undefined;
  if (dedupe === undefined) return fallback();
  const methods = ['claim', 'complete', 'release'] as const;
  if (
    typeof dedupe !== 'object' ||
    dedupe === null ||
    methods.some((name) => typeof dedupe[name] !== 'function')
  ) {
    throw new ConfigError('dedupe', 'must be false or a store with claim, complete and release methods');
  }
  return dedupe;
}
