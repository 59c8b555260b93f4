import { ConfigError } from '../errors.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import { isLoopbackHost, type Region, trackApiUrls } from './hosts.js';

/** How to reach Customer.io's Track API. */
export interface TrackClientOptions {
  /** The workspace's Site ID: the user name of Basic authentication. It may not contain `:` or white space. */
  siteId: string;
  /** The workspace's Track API key (20 or 64 characters): the password of Basic authentication. Never logged. */
  apiKey: string;
  /**
   * The workspace's region. Use `detectRegion()` when unsure.
   * @default 'us'
   */
  region?: Region;
  /**
   * A base URL used instead of the region's, for emulators and proxies. Must be `https:` unless it is a
   * loopback address (`localhost`, `127.0.0.0/8`, `[::1]`).
   * @default the region's Track API URL
   */
  baseUrl?: string;
  /**
   * The fetch implementation every request goes through, retries and redirects included. When omitted,
   * `globalThis.fetch` is looked up at each request, so interceptors installed later still see it.
   * @default globalThis.fetch
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Longest time one request may take, from sending to the end of its response body, in milliseconds.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * The User-Agent header.
   * @default `customerio-destination/<version> node/<version>`
   */
  userAgent?: string;
}

/** Every option of `TrackClientOptions`: a name not listed here is refused. */
export const trackClientOptionKeys = {
  siteId: true,
  apiKey: true,
  region: true,
  baseUrl: true,
  fetch: true,
  timeoutMs: true,
  userAgent: true,
} as const satisfies OptionKeys<TrackClientOptions>;

/** Options after validation, with defaults applied. */
export interface ResolvedClientOptions {
  siteId: string;
  apiKey: string;
  baseUrl: string;
  fetch: ((request: Request) => Promise<Response>) | undefined;
  timeoutMs: number;
  userAgent: string | undefined;
}

const validKeyLengths = new Set([20, 64]);
/** The longest delay a timer can hold: beyond it, Node fires the timer at once. */
const maxTimeoutMs = 2 ** 31 - 1;

/** Checks every option and applies defaults; throws ConfigError naming the first option at fault. */
export function resolveClientOptions(options: TrackClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'expected an object');
  checkOptionKeys(options, trackClientOptionKeys);
  const { siteId, apiKey, region = 'us', baseUrl, fetch, timeoutMs = 10_000, userAgent } = options;
  checkSiteId(siteId);
  checkApiKey(apiKey);
  if (typeof region !== 'string' || !Object.hasOwn(trackApiUrls, region)) {
    throw new ConfigError('region', 'expected "us" or "eu"');
  }
  if (fetch !== undefined && typeof fetch !== 'function')
    throw new ConfigError('fetch', 'expected a function');
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > maxTimeoutMs) {
    throw new ConfigError('timeoutMs', `expected a whole number of milliseconds from 1 to ${maxTimeoutMs}`);
  }
  // Tab, printable ASCII and Latin-1: what an HTTP header value may hold.
  if (
    userAgent !== undefined &&
    (typeof userAgent !== 'string' || /[^\t\x20-\x7e\x80-\xff]/.test(userAgent))
  ) {
    throw new ConfigError(
      'userAgent',
      'expected a single-line string of characters allowed in an HTTP header',
    );
  }
  return {
    siteId,
    apiKey,
    baseUrl: baseUrl === undefined ? trackApiUrls[region] : checkBaseUrl(baseUrl),
    fetch,
    timeoutMs,
    userAgent,
  };
}

function checkSiteId(siteId: unknown): asserts siteId is string {
  if (typeof siteId !== 'string' || siteId.length === 0) {
    throw new ConfigError('siteId', 'expected a non-empty string');
  }
  // A colon would move part of the Site ID into the password half of the Basic credentials.
  if (siteId.includes(':')) throw new ConfigError('siteId', 'may not contain ":"');
  if (/\s/.test(siteId)) throw new ConfigError('siteId', 'may not contain white space');
}

function checkApiKey(apiKey: unknown): asserts apiKey is string {
  // Messages state lengths only: the key itself must never reach an error.
  if (typeof apiKey !== 'string') throw new ConfigError('apiKey', 'expected a string');
  if (!validKeyLengths.has(apiKey.length)) {
    throw new ConfigError('apiKey', `expected 20 or 64 characters, got ${apiKey.length}`);
  }
  if (/[^\x21-\x7e]/.test(apiKey))
    throw new ConfigError('apiKey', 'may only contain printable ASCII characters');
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string') throw new ConfigError('baseUrl', 'expected a URL string');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError('baseUrl', 'is not a valid absolute URL');
  }
  if (url.username || url.password) throw new ConfigError('baseUrl', 'may not carry credentials');
  if (url.search || url.hash) throw new ConfigError('baseUrl', 'may not carry a query or fragment');
  if (url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.href.replace(/\/+$/, '');
  throw new ConfigError('baseUrl', 'must use https: unless it is a loopback address');
}
