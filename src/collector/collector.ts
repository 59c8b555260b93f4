/**
 * The collector: Segment's Tracking API as a Fetch handler, in front of one destination per source.
 * Routing and CORS are Hono's; everything a request goes through is in the modules beside this one:
 * tracking-request.ts (body, limits, messages), write-keys.ts (which source), enrich.ts (what Segment's
 * servers add), source-intake.ts (deduplication and room in the queue), metrics.ts.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { CloseOptions, DeliveryLogger } from '../delivery/options.js';
import type { DeliveryStats } from '../delivery/stats.js';
import { createDestination, type Destination, type DestinationOptions } from '../destination.js';
import { ConfigError } from '../errors.js';
import type { ConnectionInfo } from '../http/node-listener.js';
import { resolveDedupeStore } from '../webhooks/dedupe-store.js';
import { createWebhookHandler } from '../webhooks/handler.js';
import { clientAddress, enrich } from './enrich.js';
import { createMemoryMessageIdStore } from './message-id-store.js';
import { CollectorMetrics, observedFetch } from './metrics.js';
import { type CollectorLogger, type CollectorOptions, resolveCollectorOptions } from './options.js';
import { type IndexedMessage, SourceIntake } from './source-intake.js';
import {
  callOfPathSegment,
  type MessageProblem,
  messagesOf,
  type RequestProblem,
  readTrackingBody,
  type TrackingCall,
} from './tracking-request.js';
import { basicUser, WriteKeys } from './write-keys.js';

/** What became of every source's messages, when the collector closed. */
export interface CollectorSummary {
  /** Each source's delivery counters, by name. */
  sources: Record<string, DeliveryStats>;
}

/**
 * Segment's Tracking API as a Fetch-standard handler: call it with a `Request`, get a `Response`. Serve it
 * with `toNodeListener(collector)` on `node:http`, or hand it to any host that speaks Fetch.
 */
export interface Collector {
  /**
   * Answers one request. `connection.remoteAddress` is the client's address for `context.ip` (the
   * node:http adapter passes it); without it, and without `clientIpHeader`, no address is added.
   */
  (request: Request, connection?: ConnectionInfo): Promise<Response>;
  /** Whether it accepts messages: true until `close()` is called. `GET /ready` says the same. */
  readonly ready: boolean;
  /** Each source's delivery counters now, by name. */
  stats(): Record<string, DeliveryStats>;
  /**
   * Stops accepting (requests are answered 503 with `Retry-After`, `/ready` 503), then closes every
   * destination with these options: it resolves once every message accepted has settled, or once the
   * `timeoutMs` or `signal` gives up on those left (they fail with DeliveryAbandonedError). Calling it
   * again returns the same promise.
   */
  close(options?: CloseOptions): Promise<CollectorSummary>;
}

/**
 * Most messages accepted and not yet delivered, per source, unless its destination says otherwise: a
 * few full batches' worth, so that a burst is taken at once rather than answered 429.
 */
export const defaultCollectorQueueSize = 10_000;

const silentLogger: CollectorLogger = { debug() {}, info() {}, warn() {}, error() {} };

type Env = { Bindings: { connection?: ConnectionInfo | undefined }; Variables: { route: string } };

/**
 * Creates a collector. Every option is checked at once, the destinations' included; a wrong one throws
 * ConfigError naming it (`sources[1].destination.rateLimit.requestsPerSecond`).
 * @example
 * const collector = createCollector({
 *   sources: [{ writeKey: process.env.SEGMENT_WRITE_KEY!, destination: { siteId, apiKey, region: 'eu' } }],
 * });
 * createServer(toNodeListener(collector)).listen(8080);
 */
export function createCollector(options: CollectorOptions): Collector {
  const settings = resolveCollectorOptions(options);
  const logger = options.logger ?? silentLogger;
  checkLogger(logger);
  const dedupe = resolveDedupeStore(options.dedupe, () => createMemoryMessageIdStore({ now: settings.now }));

  const intakes: SourceIntake[] = [];
  const metrics = new CollectorMetrics(() => statsByName(intakes), settings.processMetrics);
  settings.sources.forEach((source, index) => {
    const maxQueueSize = source.destination.maxQueueSize ?? defaultCollectorQueueSize;
    const destination = sourceDestination(index, {
      ...source.destination,
      maxQueueSize,
      // A fetch that is not a function is left as it is, for createDestination to refuse with ConfigError.
      fetch:
        source.destination.fetch === undefined || typeof source.destination.fetch === 'function'
          ? observedFetch(source.destination.fetch, (status, seconds) =>
              metrics.customerioAnswer(source.name, status, seconds),
            )
          : source.destination.fetch,
      logger: source.destination.logger ?? deliveryLogger(logger, source.name),
    });
    intakes.push(new SourceIntake({ name: source.name, destination, maxQueueSize, dedupe, metrics }));
  });
  const writeKeys = new WriteKeys(
    settings.sources.map((source, index) => ({
      writeKey: source.writeKey,
      source: intakes[index] as SourceIntake,
    })),
  );

  let closing: Promise<CollectorSummary> | undefined;
  const { queueWaitMs, now } = settings;
  const retryAfter = String(settings.retryAfterSeconds);

  const intake = async (
    request: Request,
    call: TrackingCall,
    connection: ConnectionInfo | undefined,
  ): Promise<{ response: Response; log: Record<string, unknown> }> => {
    const arrivedAt = performance.now();
    if (closing) return { response: shuttingDown(retryAfter), log: {} };
    // A key in the header is checked before the body is read; one in the body, after.
    const headerKey = basicUser(request.headers.get('authorization'));
    let source = headerKey === undefined ? undefined : writeKeys.find(headerKey);
    if (headerKey !== undefined && source === undefined) return { response: unauthorized(), log: {} };
    const read = await readTrackingBody(request);
    if (!read.ok) return { response: refused(read.problem), log: { error: read.problem.error } };
    if (source === undefined) {
      const bodyKey = read.body.writeKey;
      source = typeof bodyKey === 'string' ? writeKeys.find(bodyKey) : undefined;
      if (source === undefined) return { response: unauthorized(), log: {} };
    }
    const extracted = messagesOf(call, read.body, read.bytes);
    if (!extracted.ok) {
      const { batch } = read.body;
      metrics.received(source.name, 'rejected', Array.isArray(batch) ? batch.length : 1);
      return {
        response: refused(extracted.problem),
        log: { source: source.name, error: extracted.problem.error },
      };
    }
    metrics.received(source.name, 'rejected', extracted.problems.length);
    const receivedAt = now();
    const arrival = { receivedAt, ip: clientAddress(request, connection, settings.clientIpHeader) };
    const receivedAtIso = new Date(receivedAt).toISOString();
    for (const { message } of extracted.messages) enrich(message, arrival, receivedAtIso);

    const admission = await source.admit(extracted.messages, arrivedAt, queueWaitMs);
    const log: Record<string, unknown> = { source: source.name, messages: extracted.messages.length };
    switch (admission.status) {
      case 'closing':
        return { response: shuttingDown(retryAfter), log };
      case 'queue_full':
        return { response: queueFull(retryAfter), log };
      case 'dedupe_failed':
        logger.error({ source: source.name, error: errorText(admission.error) }, 'the dedupe store failed');
        return {
          response: json(
            503,
            { success: false, error: 'dedupe_store_failed' },
            { 'retry-after': retryAfter },
          ),
          log,
        };
    }
    const rejected = [...extracted.problems, ...admission.rejected].sort((a, b) => a.index - b.index);
    Object.assign(log, {
      accepted: admission.accepted,
      duplicates: admission.duplicates,
      rejected: rejected.length,
    });
    if (rejected.length > 0) log.errors = rejected.map((problem) => problem.error);
    if (call !== 'batch' && call !== 'import') {
      const problem = rejected[0];
      if (problem !== undefined) return { response: refusedMessage(problem), log };
    }
    const body: Record<string, unknown> = {
      success: true,
      accepted: admission.accepted,
      duplicates: admission.duplicates,
    };
    if (rejected.length > 0) body.rejected = rejected;
    return { response: json(200, body), log };
  };

  const app = new Hono<Env>();
  app.use('*', async (c, next) => {
    const start = performance.now();
    c.set('route', 'unmatched');
    await next();
    const route = c.get('route');
    metrics.request(route, c.res.status);
    logger.debug(
      {
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      },
      'request',
    );
  });
  if (settings.allowedOrigins.length > 0) {
    app.use(
      '/v1/*',
      cors({
        origin: settings.allowedOrigins.includes('*') ? '*' : settings.allowedOrigins,
        allowMethods: ['POST', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type', 'content-encoding', 'x-retry-count'],
        exposeHeaders: ['retry-after'],
        maxAge: 86_400,
      }),
    );
  }
  app.get('/health', (c) => {
    c.set('route', '/health');
    return json(200, { status: 'ok' });
  });
  app.get('/ready', (c) => {
    c.set('route', '/ready');
    return closing ? json(503, { status: 'draining' }) : json(200, { status: 'ready' });
  });
  app.get('/metrics', async (c) => {
    c.set('route', '/metrics');
    const { text, contentType } = await metrics.scrape();
    return new Response(text, { headers: { 'content-type': contentType } });
  });
  app.post('/v1/:call', async (c) => {
    const segment = c.req.param('call');
    const call = Object.hasOwn(callOfPathSegment, segment) ? callOfPathSegment[segment] : undefined;
    if (call === undefined) return notFound();
    const route = `/v1/${segment}`;
    c.set('route', route);
    const { response, log } = await intake(c.req.raw, call, c.env?.connection);
    if (response.status === 401) logger.warn({ route }, 'unknown write key');
    else if (response.status >= 400)
      logger.info({ route, status: response.status, ...log }, 'request refused');
    else logger.debug({ route, ...log }, 'messages accepted');
    return response;
  });
  const { webhooks } = settings;
  if (webhooks !== undefined) {
    const target = intakes.find((each) => each.name === webhooks.source) as SourceIntake;
    const handler = createWebhookHandler({
      signingKey: webhooks.signingKey,
      ...(webhooks.naming === undefined ? {} : { naming: webhooks.naming }),
      now,
      onEvents: async (events) => {
        const arrivedAt = performance.now();
        const receivedAt = now();
        const receivedAtIso = new Date(receivedAt).toISOString();
        const messages: IndexedMessage[] = events.map((event, index) => {
          const message = { ...event } as Record<string, unknown>;
          enrich(message, { receivedAt, ip: undefined }, receivedAtIso);
          return { index, message };
        });
        const admission = await target.admit(messages, arrivedAt, queueWaitMs);
        // Answered 5xx, so Customer.io sends the webhook again later.
        if (admission.status !== 'accepted') throw new Error(`not accepted: ${admission.status}`);
      },
      onError: (error, context) =>
        logger.warn({ stage: context.stage, error: errorText(error) }, 'a reporting webhook was not handled'),
    });
    app.post(webhooks.path, (c) => {
      c.set('route', webhooks.path);
      return handler(c.req.raw);
    });
  }
  app.notFound(() => notFound());
  app.onError((error, c) => {
    logger.error({ route: c.get('route'), error: errorText(error) }, 'request failed');
    return json(500, { success: false, error: 'internal_error' });
  });

  const handle = (request: Request, connection?: ConnectionInfo) =>
    Promise.resolve(app.fetch(request, { connection }));

  const collector = Object.assign(handle, {
    stats: () => Object.fromEntries(statsByName(intakes)),
    close(closeOptions?: CloseOptions) {
      closing ??= (async () => {
        for (const each of intakes) each.close();
        logger.info({}, 'draining: accepting no more messages');
        await Promise.all(intakes.map((each) => each.destination.close(closeOptions)));
        const summary = { sources: Object.fromEntries(statsByName(intakes)) };
        logger.info({ sources: summary.sources }, 'closed');
        return summary;
      })();
      return closing;
    },
  });
  Object.defineProperty(collector, 'ready', { get: () => closing === undefined, enumerable: true });
  return collector as Collector;
}

function statsByName(intakes: readonly SourceIntake[]): Map<string, DeliveryStats> {
  return new Map(intakes.map((each) => [each.name, each.destination.stats()]));
}

/** A source's destination; a wrong option names the source it belongs to. */
function sourceDestination(index: number, options: DestinationOptions): Destination {
  const path = `sources[${index}].destination`;
  if (typeof options.maxQueueSize !== 'number' || options.maxQueueSize < 2_500) {
    throw new ConfigError(
      `${path}.maxQueueSize`,
      'must be at least 2500 in a collector: a batch of 2,500 messages is accepted whole or not at all',
    );
  }
  try {
    return createDestination(options);
  } catch (error) {
    if (error instanceof ConfigError) {
      const problem = error.message.replace(/^Invalid option `[^`]*`: /, '');
      throw new ConfigError(`${path}.${error.option}`, problem);
    }
    throw error;
  }
}

function checkLogger(logger: CollectorLogger): void {
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  if (
    typeof logger !== 'object' ||
    logger === null ||
    methods.some((name) => typeof logger[name] !== 'function')
  ) {
    throw new ConfigError('logger', 'must have debug, info, warn and error methods (a pino logger fits)');
  }
}

/** The destination's complaints in the collector's log, with the source's name. */
function deliveryLogger(logger: CollectorLogger, source: string): DeliveryLogger {
  return {
    debug: (message, fields) => logger.debug({ source, ...fields }, message),
    warn: (message, fields) => logger.warn({ source, ...fields }, message),
    error: (message, fields) => logger.error({ source, ...fields }, message),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function refused(problem: RequestProblem): Response {
  return json(400, { success: false, ...problem });
}

function refusedMessage(problem: MessageProblem): Response {
  const { index: _index, ...rest } = problem;
  return json(400, { success: false, ...rest });
}

function unauthorized(): Response {
  return json(401, {
    success: false,
    error: 'unauthorized',
    message: 'Unknown write key: send it as the Basic user name, or as `writeKey` in the body',
  });
}

function queueFull(retryAfter: string): Response {
  return json(
    429,
    {
      success: false,
      error: 'queue_full',
      message: 'The queue to Customer.io is full; send this request again later',
    },
    { 'retry-after': retryAfter },
  );
}

function shuttingDown(retryAfter: string): Response {
  return json(
    503,
    {
      success: false,
      error: 'shutting_down',
      message: 'The collector is shutting down; send this request again later',
    },
    { 'retry-after': retryAfter },
  );
}

function notFound(): Response {
  return json(404, { success: false, error: 'not_found' });
}
