/**
 * The Track API emulator: one workspace and one request log, reachable through msw handlers (for
 * in-process tests) and through a loopback HTTP server (for anything that makes real connections).
 */
import type { HttpHandler } from 'msw';
import { type Region, trackApiUrls } from '../client/hosts.js';
import { ConfigError, CustomerIoError } from '../errors.js';
import { defaultEmulatorCredentials, type EmulatorCredentials } from './credentials.js';
import { type FaultOptions, FaultPlan } from './faults.js';
import { asFetch } from './fetch-transport.js';
import { createRequestHandler } from './handle-request.js';
import { type ListenOptions, type LoopbackServer, serveOnLoopback } from './http-server.js';
import { createMswHandlers, type HandledOrigin, handledOrigin } from './msw-handlers.js';
import { RateWindow } from './rate-window.js';
import type { EmulatedRequest } from './request-log.js';
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
   * other credentials are answered 401 with no body; `/api/v1/metrics` and `/unsubscribe/{delivery_id}`
   * need none.
   * @default 'emulatorapikey000000'
   */
  apiKey?: string;
  /**
   * One more base URL for the msw handlers to answer, besides both regions' Track hosts. A path
   * (`https://proxy.example.com/cio`) is a prefix the routes sit under.
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
}

export interface TrackApiEmulator {
  /**
   * msw handlers for both regions' Track hosts and `baseUrl`: `setupServer(...emulator.handlers)`.
   * msw is an optional peer dependency: without it, reading this throws a `CustomerIoError` with code
   * `emulator_msw_missing`, while `listen()` and `fetch` still work.
   */
  readonly handlers: HttpHandler[];
  /** Every request received, in order of arrival. Cleared by `reset()`. */
  readonly requests: readonly EmulatedRequest[];
  /** What accepted requests did to the workspace. Cleared by `reset()`. */
  readonly workspace: WorkspaceView;
  /** The credentials the emulator accepts. */
  readonly credentials: Readonly<EmulatorCredentials>;
  /** The loopback server's base URL while listening, else undefined. */
  readonly url: string | undefined;
  /**
   * Options for `createTrackClient`: the accepted credentials and a base URL, which is the loopback
   * server's while listening, else `baseUrl` when given, else the US Track host (answered through msw).
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
   * fetch: emulator.fetch })`. Any URL is answered as if it were a Track host; a dropped connection rejects.
   */
  readonly fetch: (request: Request) => Promise<Response>;
}

export function createTrackApiEmulator(options: TrackApiEmulatorOptions = {}): TrackApiEmulator {
  const settings = checkOptions(options);
  const { now } = settings;
  const log: EmulatedRequest[] = [];
  // The workspace counts in unix seconds; it only gets a clock when one was injected (see `now`).
  const workspace = createWorkspace(options.now ? { now: () => Math.floor(now() / 1000) } : {});
  const rateWindow = settings.rateLimit === undefined ? undefined : new RateWindow(settings.rateLimit);
  const faults = new FaultPlan(options.faults);
  const handle = createRequestHandler({
    workspace,
    credentials: settings.credentials,
    region: settings.region,
    rateWindow,
    faults,
    latencyMs: settings.latencyMs,
    now,
    log,
  });
  const origins: HandledOrigin[] = [
    trackApiUrls.us,
    trackApiUrls.eu,
    ...(settings.baseUrl ? [settings.baseUrl] : []),
  ]
    .map(handledOrigin)
    .filter(
      (origin, index, all) =>
        all.findIndex((other) => other.origin === origin.origin && other.basePath === origin.basePath) ===
        index,
    );

  let handlers: HttpHandler[] | undefined;
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
  };

  return {
    get handlers() {
      handlers ??= createMswHandlers(handle, origins);
      return handlers;
    },
    requests: log,
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
      log.length = 0;
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
}

function checkOptions(options: TrackApiEmulatorOptions): Settings {
  const { siteId = defaultEmulatorCredentials.siteId, apiKey = defaultEmulatorCredentials.apiKey } = options;
  if (typeof siteId !== 'string' || siteId === '' || siteId.includes(':')) {
    throw new ConfigError('siteId', 'expected a non-empty string without ":"');
  }
  if (typeof apiKey !== 'string' || apiKey === '')
    throw new ConfigError('apiKey', 'expected a non-empty string');
  const { region = 'us', rateLimit, latencyMs = 0, now = Date.now, baseUrl } = options;
  if (region !== 'us' && region !== 'eu') throw new ConfigError('region', 'expected "us" or "eu"');
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
      url = new URL(baseUrl);
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
  };
}
