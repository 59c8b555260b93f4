/** What a collector can be told: its sources, who may call it, how long a request may wait, and more. */
import type { DestinationOptions } from '../destination.js';
import { ConfigError, quote } from '../errors.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import type { WebhookEventNaming } from '../webhooks/event-names.js';
import type { MessageIdStore } from './message-id-store.js';

/** One Segment source: a write key, and the Customer.io workspace its messages are delivered to. */
export interface CollectorSource {
  /**
   * The write key clients send (as the Basic user name, or as `writeKey` in the body). It is compared
   * in constant time and never logged.
   */
  writeKey: string;
  /**
   * The source's name in logs and metrics (the `source` label), since the write key never appears there.
   * @default 'default' for a single source, else `source-1`, `source-2`... in order
   */
  name?: string;
  /**
   * The destination its messages go to: the workspace's credentials (`siteId`, `apiKey`, `region` or
   * `baseUrl`) and any delivery and mapping option of `createDestination`. Two sources never share a
   * destination, nor its rate limit.
   */
  destination: DestinationOptions;
}

/** Customer.io's reporting webhooks served next to the Tracking API. */
export interface CollectorWebhookOptions {
  /** The signing key shown on Customer.io's reporting webhook settings page. */
  signingKey: string;
  /**
   * The path webhooks are posted to.
   * @default '/webhooks/customerio'
   */
  path?: string;
  /**
   * The source (by name) whose destination the webhooks' track events go to, through the same queue,
   * deduplication and backpressure as the messages of its write key.
   * @default the only source; required when there are several
   */
  source?: string;
  /**
   * Which event names the webhooks become.
   * @default 'segment-spec'
   */
  naming?: WebhookEventNaming;
}

/**
 * Where the collector logs: a pino logger fits, as does anything with these methods. Each call gets an
 * object of fields first, then a message. Write keys, API keys and message bodies are never logged at
 * `info` or above; `debug` adds a line for every request (route, status, message counts, time taken).
 */
export interface CollectorLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface CollectorOptions {
  /** The sources, one per write key; at least one. */
  sources: readonly CollectorSource[];
  /**
   * Origins browsers may call the collector from (`https://shop.example.com`), or `['*']` for any.
   * Preflight requests from these origins are answered; others get no CORS headers, so browsers refuse
   * to send. Server-side and mobile clients need none.
   * @default none
   */
  allowedOrigins?: readonly string[];
  /**
   * A header a trusted proxy in front of the collector sets to the client's address, such as
   * `x-forwarded-for` (its last address is used: the one the proxy appended) or `x-real-ip`. Only set
   * this when every request comes through such a proxy: clients can write any header themselves.
   * @default none: the address of the connection
   */
  clientIpHeader?: string;
  /**
   * How long a request waits for room in its source's queue (`maxQueueSize` of the destination) before
   * it is answered 429 with `Retry-After`, in milliseconds. Nothing of such a request is accepted.
   * @default 1000
   */
  queueWaitMs?: number;
  /**
   * The `Retry-After` of a 429 (queue full) or 503 (shutting down), in seconds.
   * @default 1
   */
  retryAfterSeconds?: number;
  /**
   * Where messageIds already accepted are remembered, so a message a client sends again (after a
   * timeout, say) is answered 200 and not delivered twice; `false` keeps none. Keys are the source's
   * name and the messageId. Share one store (on Redis, say) between collectors serving the same sources.
   * @default createMemoryMessageIdStore(): the last 100,000 ids of the last day
   */
  dedupe?: MessageIdStore | false;
  /** Customer.io's reporting webhooks, served on the same handler. @default not served */
  webhooks?: CollectorWebhookOptions;
  /** @default no logging */
  logger?: CollectorLogger;
  /**
   * Adds the process's own metrics (memory, CPU, event loop lag, garbage collection) to `/metrics`.
   * Meant for a process that runs only the collector.
   * @default false
   */
  processMetrics?: boolean;
  /**
   * The clock, in milliseconds since the epoch, for `receivedAt` and the clock-skew correction.
   * @default Date.now
   */
  now?: () => number;
}

export const collectorOptionKeys = {
  sources: true,
  allowedOrigins: true,
  clientIpHeader: true,
  queueWaitMs: true,
  retryAfterSeconds: true,
  dedupe: true,
  webhooks: true,
  logger: true,
  processMetrics: true,
  now: true,
} as const satisfies OptionKeys<CollectorOptions>;

const sourceOptionKeys = {
  writeKey: true,
  name: true,
  destination: true,
} as const satisfies OptionKeys<CollectorSource>;

const webhookOptionKeys = {
  signingKey: true,
  path: true,
  source: true,
  naming: true,
} as const satisfies OptionKeys<CollectorWebhookOptions>;

export const defaultQueueWaitMs = 1000;
export const defaultRetryAfterSeconds = 1;
export const defaultWebhookPath = '/webhooks/customerio';

/** A source with its name decided. */
export interface ResolvedSource {
  name: string;
  writeKey: string;
  destination: DestinationOptions;
}

export interface ResolvedCollectorOptions {
  sources: ResolvedSource[];
  allowedOrigins: string[];
  clientIpHeader: string | undefined;
  queueWaitMs: number;
  retryAfterSeconds: number;
  webhooks: (Required<Omit<CollectorWebhookOptions, 'naming'>> & { naming?: WebhookEventNaming }) | undefined;
  processMetrics: boolean;
  now: () => number;
}

/** Checks every option but the dedupe store and the logger, and applies defaults. */
export function resolveCollectorOptions(options: CollectorOptions): ResolvedCollectorOptions {
  checkOptionKeys(options, collectorOptionKeys);
  const sources = resolveSources(options.sources);
  const allowedOrigins = resolveOrigins(options.allowedOrigins);
  const { clientIpHeader } = options;
  if (
    clientIpHeader !== undefined &&
    (typeof clientIpHeader !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(clientIpHeader))
  ) {
    throw new ConfigError('clientIpHeader', 'expected a header name, such as "x-forwarded-for"');
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new ConfigError('now', 'expected a function returning milliseconds');
  return {
    sources,
    allowedOrigins,
    clientIpHeader: clientIpHeader?.toLowerCase(),
    queueWaitMs: wholeNumber(
      options.queueWaitMs,
      'queueWaitMs',
      defaultQueueWaitMs,
      0,
      600_000,
      'milliseconds',
    ),
    retryAfterSeconds: wholeNumber(
      options.retryAfterSeconds,
      'retryAfterSeconds',
      defaultRetryAfterSeconds,
      1,
      3600,
      'seconds',
    ),
    webhooks: resolveWebhooks(options.webhooks, sources),
    processMetrics: options.processMetrics === true,
    now,
  };
}

function resolveSources(given: unknown): ResolvedSource[] {
  if (!Array.isArray(given) || given.length === 0) {
    throw new ConfigError('sources', 'expected an array of at least one source');
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  return given.map((source: unknown, index) => {
    const path = `sources[${index}]`;
    checkOptionKeys(source, sourceOptionKeys, path);
    const { writeKey, name, destination } = source as CollectorSource;
    if (typeof writeKey !== 'string' || writeKey === '' || writeKey.length > 1000) {
      throw new ConfigError(`${path}.writeKey`, 'expected a non-empty string of at most 1000 characters');
    }
    if (keys.has(writeKey))
      throw new ConfigError(`${path}.writeKey`, 'the same write key is given to another source');
    keys.add(writeKey);
    const resolvedName = name ?? (given.length === 1 ? 'default' : `source-${index + 1}`);
    if (typeof resolvedName !== 'string' || !/^[\w.-]{1,64}$/.test(resolvedName)) {
      throw new ConfigError(`${path}.name`, 'expected 1 to 64 letters, digits, ".", "_" or "-"');
    }
    if (names.has(resolvedName)) {
      throw new ConfigError(`${path}.name`, `another source is named ${quote(resolvedName)}`);
    }
    names.add(resolvedName);
    if (typeof destination !== 'object' || destination === null) {
      throw new ConfigError(`${path}.destination`, 'expected the options of createDestination');
    }
    return { name: resolvedName, writeKey, destination };
  });
}

function resolveOrigins(given: unknown): string[] {
  if (given === undefined) return [];
  if (!Array.isArray(given)) throw new ConfigError('allowedOrigins', 'expected an array of origins');
  return given.map((origin: unknown, index) => {
    if (origin === '*') return origin;
    let url: URL | undefined;
    try {
      url = typeof origin === 'string' ? new URL(origin) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined || url.origin === 'null' || url.origin !== origin) {
      throw new ConfigError(
        `allowedOrigins[${index}]`,
        'expected "*" or an origin: a scheme, a host and an optional port, without a path (https://shop.example.com)',
      );
    }
    return origin;
  });
}

function resolveWebhooks(
  given: CollectorWebhookOptions | undefined,
  sources: readonly ResolvedSource[],
): ResolvedCollectorOptions['webhooks'] {
  if (given === undefined) return undefined;
  checkOptionKeys(given, webhookOptionKeys, 'webhooks');
  const path = given.path ?? defaultWebhookPath;
  if (typeof path !== 'string' || !/^\/[\w./~-]*$/.test(path) || path.startsWith('/v1/')) {
    throw new ConfigError('webhooks.path', 'expected a path such as "/webhooks/customerio", outside /v1/');
  }
  let source = given.source;
  if (source === undefined) {
    if (sources.length > 1)
      throw new ConfigError('webhooks.source', 'required when there are several sources');
    source = (sources[0] as ResolvedSource).name;
  } else if (!sources.some((each) => each.name === source)) {
    throw new ConfigError('webhooks.source', `no source is named ${quote(String(source))}`);
  }
  return {
    signingKey: given.signingKey,
    path,
    source,
    ...(given.naming === undefined ? {} : { naming: given.naming }),
  };
}

function wholeNumber(
  value: unknown,
  option: string,
  fallback: number,
  min: number,
  max: number,
  unit: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(option, `expected a whole number of ${unit}, from ${min} to ${max}`);
  }
  return value;
}
