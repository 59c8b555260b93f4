/**
 * Where the collector remembers the messageIds it accepted, so that a message a client sends again
 * (after a timeout, a retry of a batch that was in fact accepted) is answered 200 and not delivered
 * twice. The interface is the webhook dedupe store's, so one implementation (on Redis, say) serves both.
 */
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import {
  type MemoryDedupeStore,
  memoryDedupeStore,
  type WebhookDedupeStore,
} from '../webhooks/dedupe-store.js';

/**
 * Claims a messageId before its message is accepted, then completes it once accepted, or releases it
 * when the request was refused (so its client's retry is taken). Each method may return a promise.
 */
export type MessageIdStore = WebhookDedupeStore;

export interface MemoryMessageIdStoreOptions {
  /**
   * Most messageIds remembered; beyond it the oldest are forgotten first. Each costs about 150 bytes.
   * @default 100000
   */
  maxEntries?: number;
  /**
   * How long a messageId is remembered, in milliseconds.
   * @default 86400000 (a day)
   */
  ttlMs?: number;
  /**
   * The clock, in milliseconds since the epoch.
   * @default Date.now
   */
  now?: () => number;
}

const memoryMessageIdStoreOptionKeys = {
  maxEntries: true,
  ttlMs: true,
  now: true,
} as const satisfies OptionKeys<MemoryMessageIdStoreOptions>;

export const defaultMessageIdEntries = 100_000;
export const defaultMessageIdTtlMs = 24 * 60 * 60 * 1000;

/** A memory store, with its size for inspection. */
export type MemoryMessageIdStore = MemoryDedupeStore;

/** A bounded in-memory store for one process, as the collector uses by default. */
export function createMemoryMessageIdStore(options: MemoryMessageIdStoreOptions = {}): MemoryMessageIdStore {
  checkOptionKeys(options, memoryMessageIdStoreOptionKeys);
  return memoryDedupeStore(options, defaultMessageIdEntries, defaultMessageIdTtlMs);
}
