/**
 * The Track API emulator: one workspace and one request log, reachable through `handle` (a Fetch
 * handler, for in-process hosts such as msw), `fetch`, and a loopback HTTP server (for anything that
 * makes real connections). Nothing here depends on msw: `customerio-destination/testing/msw` adapts
 * `handle` to it.
 */
import { type Region, trackApiUrls } from '../client/hosts.js';
import { ConfigError, CustomerIoError } from '../errors.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import { basePathFor, emulatedBaseUrls } from './base-urls.js';
import { defaultEmulatorCredentials, type EmulatorCredentials } from './credentials.js';
import { type FaultOptions, FaultPlan } from './faults.js';
import { asFetch } from './fetch-transport.js';
import { createRequestHandler } from './handle-request.js';
import { type ListenOptions, type LoopbackServer, serveOnLoopback } from './http-server.js';
import { withoutPrototypes } from './null-prototype.js';
import { RateWindow } from './rate-window.js';
import { type EmulatedRequest, RequestLog } from './request-log.js';
import { compileValidators } from './request-validation.js';
import { createWorkspace } from './workspace.js';
import type { WorkspaceView } from './workspace-model.js';

export interface TrackApiEmulatorOptions {
  /**
   * The Site ID the emulator accepts (the user name of Basic authentication).
   * @default 'emulator-site-id'
   */
  siteId?: string;
  /**
   * The Track API key the emulator accepts (the password of Basic authentication). Requests with any
   * other credentials are answered 401 with no body; `/api/v1/metrics`, `/api/v1/push/events` and
   * `/unsubscribe/{delivery_id}` need none.
   * @default 'emulatorapikey000000'
   */
  apiKey?: string;
  /**
   * One more base URL the emulator stands for, besides both regions' Track hosts (see `baseUrls`). A
   * path (`https://proxy.example.com/cio`) is a prefix the routes sit under, which `handle` strips.
   * @default none
   */
  baseUrl?: string;
  /**
   * The region `GET /api/v1/accounts/region` reports. Both regions' hosts are answered either way.
   * @default 'us'
   */
  region?: Region;
  /**
   * Requests accepted in any sliding one-second window, counting only requests accepted for
   * processing; beyond it the answer is 429 with `Retry-After` in whole seconds, and nothing is applied.
   * @default no limit
   */
  rateLimit?: number;
  /**
   * Milliseconds added to every answer.
   * @default 0
   */
  latencyMs?: number;
  /**
   * Deterministic failures: a schedule by request position, and a seeded chance of a fault.
   * @default no faults
   */
  faults?: FaultOptions;
  /**
   * The emulator's clock, in milliseconds since the epoch: it stamps requests, drives the rate window
   * and stands in for missing timestamps. When given, the workspace also uses it to expire anonymous
   * events older than 30 days, as Customer.io does; without it they never expire, so fixtures with
   * fixed timestamps behave the same whatever the day.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Most requests kept in `requests`; beyond it, the oldest are forgotten first. A long-running
   * emulator (or one sent millions of messages) otherwise keeps every request body it ever received.
   * @default no limit
   */
  maxLoggedRequests?: number;
}

/** Every option of `TrackApiEmulatorOptions`: other names are refused. */
const emulatorOptionKeys = {
  siteId: true,
  apiKey: true,
  baseUrl: true,
  region: true,
  rateLimit: true,
  latencyMs: true,
  faults: true,
  now: true,
  maxLoggedRequests: true,
} as const satisfies OptionKeys<TrackApiEmulatorOptions>;

export interface TrackApiEmulator {
  /**
   * Answers one request as the Track API would, with Fetch API types only: the way in for any host
   * that intercepts requests in process (`mswHandlers` from `customerio-destination/testing/msw`, a
   * service worker, a framework's test server). A request under a base URL of `baseUrls` that has a
   * path is routed by the path below it; any other request by its path as it is, whatever its host.
   * A dropped connection (a `reset` fault, or a client that went away) resolves to `Response.error()`.
   */
  handle(request: Request): Promise<Response>;
  /**
   * The base URLs the emulator stands for, without trailing slashes: both regions' Track hosts, then
   * `baseUrl` when given. A host that intercepts requests by URL sends those under these to `handle`.
   */
  readonly baseUrls: readonly string[];
  /**
   * The requests received, in order of arrival: every one, or with `maxLoggedRequests` the latest ones
   * (then each read returns them as they are at that moment). Cleared by `reset()`.
   */
  readonly requests: readonly EmulatedRequest[];
  /** What accepted requests did to the workspace. Cleared by `reset()`. */
  readonly workspace: WorkspaceView;
  /** The credentials the emulator accepts. */
  readonly credentials: Readonly<EmulatorCredentials>;
  /** The loopback server's base URL while listening, else undefined. */
  readonly url: string | undefined;
  /**
   * Options for `createTrackClient`: the accepted credentials and a base URL, which is the loopback
   * server's while listening, else `baseUrl` when given, else the US Track host (reached through
   * `mswHandlers`, or through `fetch: emulator.fetch`).
   */
  clientOptions(): { siteId: string; apiKey: string; baseUrl: string };
  /** Serves the emulator on a loopback address. Rejects when already listening or the host is not loopback. */
  listen(options?: ListenOptions): Promise<{ url: string }>;
  /** Stops the loopback server and drops its connections; does nothing when not listening. */
  close(): Promise<void>;
  /** Forgets requests and the workspace's contents, and restarts the rate window and fault counters. */
  reset(): void;
  /**
   * The emulator as a fetch function, with no msw and no sockets: `createTrackClient({ ...emulator.clientOptions(),
   * fetch: emulator.fetch })`. It is `handle` (any URL is answered, as there) with fetch's failures: a
   * dropped connection rejects with a TypeError, an aborted request with the signal's reason.
   */
  readonly fetch: (request: Request) => Promise<Response>;
}

/**
 * Creates an emulator with an empty workspace. Every option is checked at once: a wrong or unknown one
 * throws ConfigError naming its path (`faults.schedule[0].status`). The first emulator of a process
 * also compiles the spec's validators, which takes a few hundred milliseconds.
 * @example
 * const emulator = createTrackApiEmulator();
 * const client = createTrackClient({ ...emulator.clientOptions(), fetch: emulator.fetch });
 */
export function createTrackApiEmulator(options: TrackApiEmulatorOptions = {}): TrackApiEmulator {
  const settings = checkOptions(options);
  compileValidators();
  const { now } = settings;
  const log = new RequestLog(settings.maxLoggedRequests);
  // The workspace counts in unix seconds; it only gets a clock when one was injected (see `now`).
  const workspace = createWorkspace({
    now: settings.clockGiven ? () => Math.floor(now() / 1000) : undefined,
  });
  const rateWindow = settings.rateLimit === undefined ? undefined : new RateWindow(settings.rateLimit);
  const faults = new FaultPlan(settings.faults);
  const handleRequest = createRequestHandler({
    workspace,
    credentials: settings.credentials,
    region: settings.region,
    rateWindow,
    faults,
    latencyMs: settings.latencyMs,
    now,
    log,
  });
  const baseUrls = Object.freeze(emulatedBaseUrls(settings.baseUrl));
  const handle = (request: Request) => handleRequest(request, basePathFor(request.url, baseUrls));

  let server: LoopbackServer | undefined;
  let starting: Promise<LoopbackServer> | undefined;

  const view: WorkspaceView = {
    people: () => workspace.people(),
    person: (ref) => workspace.person(ref),
    deletedPeople: () => workspace.deletedPeople(),
    suppressedPeople: () => workspace.suppressedPeople(),
    anonymousEvents: (anonymousId) => workspace.anonymousEvents(anonymousId),
    objects: () => workspace.objects(),
    object: (ref) => workspace.object(ref),
    relationships: () => workspace.relationships(),
    metrics: () => workspace.metrics(),
    unsubscribedDeliveries: () => workspace.unsubscribedDeliveries(),
    segments: () => workspace.segments(),
    segment: (segmentId) => workspace.segment(segmentId),
    formSubmissions: (formId) => workspace.formSubmissions(formId),
  };

  return {
    handle,
    baseUrls,
    get requests() {
      return log.entries();
    },
    workspace: view,
    credentials: settings.credentials,
    get url() {
      return server?.url;
    },
    clientOptions() {
      const baseUrl = server?.url ?? settings.baseUrl ?? trackApiUrls.us;
      return { ...settings.credentials, baseUrl };
    },
    async listen(listenOptions) {
      if (server || starting)
        throw new CustomerIoError(
          'emulator_listening',
          'The Track API emulator is already listening; close() it first',
        );
      starting = serveOnLoopback(handle, listenOptions);
      try {
        server = await starting;
      } finally {
        starting = undefined;
      }
      return { url: server.url };
    },
    async close() {
      const closing = server;
      server = undefined;
      await closing?.close();
    },
    reset() {
      log.clear();
      workspace.reset();
      rateWindow?.reset();
      faults.reset();
    },
    fetch: asFetch(handle),
  };
}

interface Settings {
  credentials: Readonly<EmulatorCredentials>;
  baseUrl: string | undefined;
  region: Region;
  rateLimit: number | undefined;
  latencyMs: number;
  now: () => number;
  /** Whether `now` was given, rather than defaulting to `Date.now`. */
  clockGiven: boolean;
  faults: FaultOptions | undefined;
  maxLoggedRequests: number | undefined;
}

function checkOptions(given: TrackApiEmulatorOptions): Settings {
  checkOptionKeys(given, emulatorOptionKeys);
  // Only the options' own fields count, whatever Object.prototype carries.
  const options = withoutPrototypes(given);
  const { siteId = defaultEmulatorCredentials.siteId, apiKey = defaultEmulatorCredentials.apiKey } = options;
  if (typeof siteId !== 'string' || siteId === '' || siteId.includes(':')) {
    throw new ConfigError('siteId', 'expected a non-empty string without ":"');
  }
  if (typeof apiKey !== 'string' || apiKey === '')
    throw new ConfigError('apiKey', 'expected a non-empty string');
  const { region = 'us', rateLimit, latencyMs = 0, now = Date.now, baseUrl, maxLoggedRequests } = options;
  if (region !== 'us' && region !== 'eu') throw new ConfigError('region', 'expected "us" or "eu"');
  if (
    maxLoggedRequests !== undefined &&
    !(Number.isSafeInteger(maxLoggedRequests) && maxLoggedRequests >= 0)
  ) {
    throw new ConfigError('maxLoggedRequests', 'expected a whole number of requests, 0 or more');
  }
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit > 0)) {
    throw new ConfigError('rateLimit', 'expected a whole number of requests per second, 1 or more');
  }
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new ConfigError('latencyMs', 'expected a number of milliseconds, 0 or more');
  }
  if (typeof now !== 'function') throw new ConfigError('now', 'expected a function');
  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      throw new ConfigError('baseUrl', 'expected an absolute http(s) URL without query or fragment');
    }
  }
  return {
    credentials: Object.freeze({ siteId, apiKey }),
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    region,
    rateLimit,
    latencyMs,
    now,
    clockGiven: options.now !== undefined,
    faults: options.faults,
    maxLoggedRequests,
  };
}
