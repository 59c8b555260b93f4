/**
 * The collector as a service: it never accepts what its queue cannot hold (429 with Retry-After
 * instead), drains on close (503, not ready) while what it accepted is delivered, reports itself on
 * /health, /ready and /metrics, logs without secrets or message bodies, answers CORS only for the
 * origins it is given, serves Customer.io's reporting webhooks, and checks its options.
 */
import { describe, expect, it } from 'vitest';
import { type CollectorLogger, createCollector } from '../src/collector/index.js';
import { ConfigError } from '../src/errors.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { signWebhookPayload } from '../src/webhooks/index.js';
import { collectorFixture, writeKey } from './support/collector-fixtures.js';
import {
  deliveryId,
  identifiers,
  nowMs,
  sentAt,
  signingKey,
  webhookBody,
} from './support/webhooks-fixtures.js';

/** A fetch to the emulator that holds every request until `open()`. */
function gatedFetch(emulator: ReturnType<typeof createTrackApiEmulator>) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { fetch: (request: Request) => gate.then(() => emulator.fetch(request)), open };
}

const batchOf = (count: number, prefix = 'm') => ({
  batch: Array.from({ length: count }, (_, index) => ({
    type: 'track',
    userId: `user-${index % 20}`,
    event: 'Queued',
    messageId: `${prefix}-${index}`,
  })),
});

describe('a full queue', () => {
  it('is answered 429 with Retry-After, and nothing of that request is accepted', async () => {
    const emulator = createTrackApiEmulator();
    const gate = gatedFetch(emulator);
    const { post, collector } = collectorFixture({
      queueWaitMs: 0,
      destination: { maxQueueSize: 2_500, fetch: gate.fetch },
    });
    expect((await post('/v1/batch', batchOf(2_500))).status).toBe(200);
    const refused = await post('/v1/batch', batchOf(3, 'late'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ success: false, error: 'queue_full' });
    expect(collector.stats().default).toMatchObject({ accepted: 2_500, waiting: 0 });
    gate.open();
    // Refused, so not remembered: the same messages are taken when sent again.
    await expect.poll(() => collector.stats().default?.queued).toBe(0);
    expect((await post('/v1/batch', batchOf(3, 'late'))).body).toEqual({
      success: true,
      accepted: 3,
      duplicates: 0,
    });
  });

  it('lets a request wait for room, and takes it once messages are delivered', async () => {
    const emulator = createTrackApiEmulator();
    const gate = gatedFetch(emulator);
    const { post, collector } = collectorFixture({
      queueWaitMs: 60_000,
      destination: { ...emulator.clientOptions(), maxQueueSize: 2_500, fetch: gate.fetch },
    });
    await post('/v1/batch', batchOf(2_500));
    const waiting = post('/v1/batch', batchOf(10, 'late'));
    gate.open();
    expect((await waiting).body).toEqual({ success: true, accepted: 10, duplicates: 0 });
    await collector.close();
    expect(collector.stats().default).toMatchObject({ accepted: 2_510, delivered: 2_510 });
    expect(emulator.workspace.people().reduce((sum, person) => sum + person.events.length, 0)).toBe(2_510);
  });
});

describe('closing', () => {
  it('answers 503 and is not ready while it delivers what it accepted, then summarises', async () => {
    const emulator = createTrackApiEmulator();
    const gate = gatedFetch(emulator);
    const { post, get, collector } = collectorFixture({ destination: { fetch: gate.fetch } });
    expect((await get('/ready')).status).toBe(200);
    expect((await post('/v1/track', { userId: 'ada', event: 'Before' })).status).toBe(200);

    const closed = collector.close();
    expect(collector.ready).toBe(false);
    const refused = await post('/v1/track', { userId: 'ada', event: 'After' });
    expect(refused).toMatchObject({ status: 503, body: { error: 'shutting_down' } });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await get('/ready')).status).toBe(503);
    expect((await get('/health')).status).toBe(200);

    gate.open();
    const summary = await closed;
    expect(summary.sources.default).toMatchObject({ accepted: 1, delivered: 1, failed: 0 });
    expect(emulator.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual(['Before']);
    expect(collector.close()).toBe(closed);
  });

  it('gives up on what is left after its timeout, which then fails', async () => {
    const emulator = createTrackApiEmulator();
    const { post, collector } = collectorFixture({ destination: { fetch: gatedFetch(emulator).fetch } });
    await post('/v1/batch', batchOf(5));
    const summary = await collector.close({ timeoutMs: 1 });
    expect(summary.sources.default).toMatchObject({ accepted: 5, delivered: 0, failed: 5, queued: 0 });
  });
});

describe('/health, /ready and /metrics', () => {
  it('report the requests, the messages, the queue and what Customer.io answered, in Prometheus text', async () => {
    const { post, get, collector } = collectorFixture();
    await post('/v1/t', { userId: 'ada', event: 'One', messageId: 'm-1' });
    await post('/v1/t', { userId: 'ada', event: 'One', messageId: 'm-1' });
    await post('/v1/batch', { batch: [{ type: 'track', userId: 'ada', event: 'Two' }, { type: 'bogus' }] });
    await post('/v1/t', { userId: 'ada', event: 'X' }, { noAuth: true });
    expect(await (await get('/health')).json()).toEqual({ status: 'ok' });
    expect(await (await get('/ready')).json()).toEqual({ status: 'ready' });
    await collector.close();

    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const lines = text.split('\n').filter((line) => line.startsWith('collector_'));
    expect(lines).toEqual(
      expect.arrayContaining([
        'collector_http_requests_total{route="/v1/t",status="200"} 2',
        'collector_http_requests_total{route="/v1/t",status="401"} 1',
        'collector_http_requests_total{route="/v1/batch",status="200"} 1',
        'collector_http_requests_total{route="/health",status="200"} 1',
        'collector_messages_received_total{source="default",outcome="accepted"} 2',
        'collector_messages_received_total{source="default",outcome="duplicate"} 1',
        'collector_messages_received_total{source="default",outcome="rejected"} 1',
        'collector_messages_settled_total{source="default",status="delivered"} 2',
        'collector_messages_settled_total{source="default",status="failed"} 0',
        'collector_messages_settled_total{source="default",status="skipped"} 0',
        'collector_queue_depth{source="default"} 0',
        expect.stringMatching(/^collector_customerio_responses_total\{source="default",status="200"\} [12]$/),
        expect.stringMatching(
          /^collector_customerio_request_duration_seconds_count\{source="default"\} [12]$/,
        ),
        'collector_delivery_duration_seconds_count{source="default",status="delivered"} 2',
      ]),
    );
    expect(text).not.toContain(writeKey);
  });
});

describe('logs', () => {
  it('never hold a write key, an API key or a message body, and say at debug what each request did', async () => {
    const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
    const logger = Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message }),
      ]),
    ) as unknown as CollectorLogger;
    const emulator = createTrackApiEmulator();
    const { post, collector } = collectorFixture({
      logger,
      destination: { ...emulator.clientOptions(), fetch: emulator.fetch },
    });
    await post('/v1/track', { userId: 'ada', event: 'Secret Plan', properties: { card: '4111-1111' } });
    await post('/v1/track', { event: 'No One', properties: { card: '4111-1111' } });
    await post(
      '/v1/track',
      { userId: 'ada', event: 'X' },
      { headers: { authorization: `Basic ${btoa('wk_guess:')}` } },
    );
    await collector.close();

    const text = JSON.stringify(lines);
    for (const secret of [writeKey, 'wk_guess', emulator.credentials.apiKey, '4111-1111', 'Secret Plan']) {
      expect(text).not.toContain(secret);
    }
    expect(lines.filter((line) => line.level !== 'debug').map((line) => line.message)).toEqual([
      'request refused',
      'unknown write key',
      'draining: accepting no more messages',
      'closed',
    ]);
    expect(lines.find((line) => line.message === 'messages accepted')?.fields).toEqual({
      route: '/v1/track',
      source: 'default',
      messages: 1,
      accepted: 1,
      duplicates: 0,
      rejected: 0,
    });
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    new Request('http://collector.test/v1/t', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('is answered to no origin unless told', async () => {
    const { collector, post } = collectorFixture();
    expect(
      (await collector(preflight('https://shop.example.com'))).headers.get('access-control-allow-origin'),
    ).toBeNull();
    const answer = await post(
      '/v1/t',
      { userId: 'a', event: 'X' },
      { headers: { origin: 'https://shop.example.com' } },
    );
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is answered to the origins given, preflight included', async () => {
    const { collector, post } = collectorFixture({ allowedOrigins: ['https://shop.example.com'] });
    const answer = await collector(preflight('https://shop.example.com'));
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(answer.headers.get('access-control-allow-methods')).toBe('POST,OPTIONS');
    expect(answer.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type,content-encoding,x-retry-count',
    );
    const posted = await post(
      '/v1/t',
      { userId: 'a', event: 'X' },
      { headers: { origin: 'https://shop.example.com' } },
    );
    expect(posted.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(
      (await collector(preflight('https://evil.example.com'))).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('is answered to any origin with "*"', async () => {
    const { collector } = collectorFixture({ allowedOrigins: ['*'] });
    expect(
      (await collector(preflight('https://any.example.com'))).headers.get('access-control-allow-origin'),
    ).toBe('*');
  });
});

describe("Customer.io's reporting webhooks", () => {
  it('are served on the same handler, their events delivered through the source', async () => {
    const { collector, emulator, settle } = collectorFixture({ webhooks: { signingKey }, now: () => nowMs });
    const body = JSON.stringify(
      webhookBody('email', 'opened', { delivery_id: deliveryId, identifiers, recipient: 'ada@example.com' }),
    );
    const headers = {
      'content-type': 'application/json',
      ...signWebhookPayload({ rawBody: body, signingKey, timestamp: sentAt }),
    };
    const answer = await collector(
      new Request('http://collector.test/webhooks/customerio', { method: 'POST', body, headers }),
    );
    expect(answer.status).toBe(200);
    const forged = await collector(
      new Request('http://collector.test/webhooks/customerio', {
        method: 'POST',
        body: body.replace('opened', 'clicked'),
        headers,
      }),
    );
    expect(forged.status).toBe(401);
    await settle();
    expect(emulator.workspace.person({ id: '42' })?.events.map((event) => event.name)).toEqual([
      'Email Opened',
    ]);
  });
});

describe('options', () => {
  const destination = { siteId: 'site', apiKey: 'apikey0000000000000a' };

  it.each([
    [{ sources: [] }, 'sources', 'expected an array of at least one source'],
    [
      { sources: [{ writeKey, destination }], allowedOrigin: [] },
      'allowedOrigin',
      'did you mean `allowedOrigins`?',
    ],
    [{ sources: [{ writeKey: '', destination }] }, 'sources[0].writeKey', 'non-empty'],
    [
      {
        sources: [
          { writeKey, destination },
          { writeKey, destination },
        ],
      },
      'sources[1].writeKey',
      'the same write key is given to another source',
    ],
    [
      { sources: [{ writeKey, destination: { ...destination, rateLimt: {} } }] },
      'sources[0].destination.rateLimt',
      'did you mean `rateLimit`?',
    ],
    [
      { sources: [{ writeKey, destination: { ...destination, maxQueueSize: 100 } }] },
      'sources[0].destination.maxQueueSize',
      'at least 2500',
    ],
    [
      { sources: [{ writeKey, destination: { ...destination, fetch: 'fetch' } }] },
      'sources[0].destination.fetch',
      'function',
    ],
    [
      { sources: [{ writeKey, destination }], allowedOrigins: ['https://shop.example.com/'] },
      'allowedOrigins[0]',
      'origin',
    ],
    [
      {
        sources: [
          { writeKey, destination, name: 'a' },
          { writeKey: 'other', destination, name: 'b' },
        ],
        webhooks: { signingKey },
      },
      'webhooks.source',
      'required when there are several sources',
    ],
  ])('are checked at once: %j', (options, option, problem) => {
    let thrown: unknown;
    try {
      createCollector(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).option).toBe(option);
    expect((thrown as ConfigError).message).toContain(problem);
    expect((thrown as ConfigError).message).not.toContain(writeKey);
  });
});
