/**
 * The Fetch handler: given this request, this response, and `onEvents` called (or not) with these
 * events. Requests are signed with node:crypto directly; the clock is fixed.
 */
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../src/errors.js';
import {
  createWebhookHandler,
  type DedupeClaim,
  type TrackMessage,
  type WebhookDedupeStore,
  type WebhookEventsHandler,
  type WebhookHandlerOptions,
} from '../src/webhooks/index.js';
import {
  deliveryId,
  eventId,
  identifiers,
  independentSignature,
  nowMs,
  sentAt,
  sentAtIso,
  signedRequest,
  signingKey,
  webhookBody,
} from './support/webhooks-fixtures.js';

const clicked = JSON.stringify(
  webhookBody('email', 'clicked', {
    delivery_id: deliveryId,
    identifiers,
    recipient: 'ada@example.com',
    subject: 'Welcome',
    href: 'https://example.com/pricing',
    link_id: 3,
  }),
);

const clickedEvent: TrackMessage = {
  type: 'track',
  event: 'Email Link Clicked',
  userId: '42',
  messageId: eventId,
  timestamp: sentAtIso,
  properties: {
    email_id: deliveryId,
    delivery_id: deliveryId,
    email_subject: 'Welcome',
    link_url: 'https://example.com/pricing',
    link_id: 3,
  },
  context: { traits: { email: 'ada@example.com' } },
};

function handlerWith(options: Partial<WebhookHandlerOptions> = {}) {
  const received: TrackMessage[][] = [];
  const onEvents =
    options.onEvents ??
    vi.fn<WebhookEventsHandler>((events) => {
      received.push(events);
    });
  const handler = createWebhookHandler({ signingKey, now: () => nowMs, ...options, onEvents });
  return { handler, onEvents, received };
}

async function answer(response: Response) {
  return { status: response.status, body: await response.json() };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('a verified webhook', () => {
  it('is answered 200 once onEvents resolves, having passed it the events and the webhook', async () => {
    const { handler, onEvents } = handlerWith();
    const response = await handler(signedRequest(clicked));
    expect(await answer(response)).toStrictEqual({
      status: 200,
      body: { status: 'processed', event_id: eventId, events: 1 },
    });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(onEvents).toHaveBeenCalledTimes(1);
    expect(onEvents).toHaveBeenCalledWith([clickedEvent], { webhook: JSON.parse(clicked) });
  });

  it('uses the naming asked for', async () => {
    const { handler, received } = handlerWith({ naming: 'customerio-source' });
    const body = JSON.stringify(
      webhookBody('email', 'unsubscribed', { delivery_id: 'd', identifiers, recipient: 'a@x.io' }),
    );
    await handler(signedRequest(body));
    expect(received[0]?.[0]?.event).toBe('Email Unsubscribed');
  });

  it('still calls onEvents, with no events, when nothing names the person', async () => {
    const { handler, onEvents } = handlerWith();
    const body = JSON.stringify(
      webhookBody('email', 'opened', { delivery_id: 'd', identifiers: { id: null }, recipient: '' }),
    );
    expect(await answer(await handler(signedRequest(body)))).toStrictEqual({
      status: 200,
      body: { status: 'processed', event_id: eventId, events: 0 },
    });
    expect(onEvents).toHaveBeenCalledWith([], expect.anything());
  });
});

describe('requests refused before onEvents', () => {
  it.each(['GET', 'PUT', 'DELETE'])('answers %s with 405 and Allow: POST', async (method) => {
    const { handler, onEvents } = handlerWith();
    const response = await handler(new Request('https://hooks.example.com/', { method }));
    expect(await answer(response)).toStrictEqual({ status: 405, body: { error: 'method_not_allowed' } });
    expect(response.headers.get('allow')).toBe('POST');
    expect(onEvents).not.toHaveBeenCalled();
  });

  it.each([
    ['no signature', { 'x-cio-signature': '' }, 'missing_header'],
    ['a malformed timestamp', { 'x-cio-timestamp': 'yesterday' }, 'malformed'],
    [
      'a signature by another key',
      { 'x-cio-signature': independentSignature('other', String(sentAt), clicked) },
      'mismatch',
    ],
  ])('answers %s with 401 and the reason, never the key', async (_, headers, reason) => {
    const { handler, onEvents } = handlerWith();
    const response = await handler(signedRequest(clicked, { headers }));
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ error: 'webhook_signature', reason });
    expect(text).not.toContain(signingKey);
    expect(onEvents).not.toHaveBeenCalled();
  });

  it('answers a replay outside the window with 401 stale', async () => {
    const { handler } = handlerWith({ now: () => (sentAt + 301) * 1000 });
    expect(await answer(await handler(signedRequest(clicked)))).toStrictEqual({
      status: 401,
      body: {
        error: 'webhook_signature',
        reason: 'stale',
        message:
          'Reporting webhook signature rejected (stale): the request was signed 301 seconds ago; at most 300 are accepted',
      },
    });
    const lenient = handlerWith({ now: () => (sentAt + 301) * 1000, toleranceSeconds: 600 });
    expect((await lenient.handler(signedRequest(clicked))).status).toBe(200);
  });

  it('answers 413 for a body over maxBodyBytes, by its Content-Length or as it streams in', async () => {
    const { handler, onEvents } = handlerWith({ maxBodyBytes: 100 });
    const big = JSON.stringify({ padding: 'x'.repeat(200) });
    expect(await answer(await handler(signedRequest(big)))).toStrictEqual({
      status: 413,
      body: { error: 'payload_too_large', max_bytes: 100 },
    });
    const chunk = new TextEncoder().encode('x'.repeat(60));
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(chunk);
      },
    });
    const streamed = new Request('https://hooks.example.com/', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await handler(streamed)).status).toBe(413);
    expect(pulls).toBeLessThan(5);
    expect(onEvents).not.toHaveBeenCalled();
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const { handler } = handlerWith({ maxBodyBytes: Buffer.byteLength(clicked) });
    expect((await handler(signedRequest(clicked))).status).toBe(200);
  });

  it('answers a signed but malformed body with 400 and its issues', async () => {
    const { handler, onEvents } = handlerWith();
    const body = JSON.stringify(
      webhookBody('email', 'clicked', { delivery_id: 'd', identifiers, recipient: 'a@x.io' }),
    );
    expect(await answer(await handler(signedRequest(body)))).toStrictEqual({
      status: 400,
      body: {
        error: 'webhook_payload',
        issues: [
          { path: 'data.href', problem: 'is required' },
          { path: 'data.link_id', problem: 'is required' },
        ],
      },
    });
    expect((await handler(signedRequest('not json'))).status).toBe(400);
    expect(onEvents).not.toHaveBeenCalled();
  });
});

describe('deliveries of the same event_id', () => {
  it('hands a redelivery to onEvents once, answering the later ones 200 duplicate', async () => {
    const { handler, onEvents } = handlerWith();
    expect((await handler(signedRequest(clicked))).status).toBe(200);
    expect(await answer(await handler(signedRequest(clicked)))).toStrictEqual({
      status: 200,
      body: { status: 'duplicate' },
    });
    expect(onEvents).toHaveBeenCalledTimes(1);
  });

  it('hands concurrent deliveries to onEvents once: the others wait for the first and answer as it did', async () => {
    const gate = deferred();
    const { handler, onEvents } = handlerWith({ onEvents: vi.fn<WebhookEventsHandler>(() => gate.promise) });
    const answers = [
      handler(signedRequest(clicked)),
      handler(signedRequest(clicked)),
      handler(signedRequest(clicked)),
    ];
    await vi.waitFor(() => expect(onEvents).toHaveBeenCalledTimes(1));
    gate.resolve();
    const bodies = await Promise.all(answers.map(async (response) => (await answer(await response)).body));
    expect(bodies).toStrictEqual([
      { status: 'processed', event_id: eventId, events: 1 },
      { status: 'duplicate' },
      { status: 'duplicate' },
    ]);
    expect(onEvents).toHaveBeenCalledTimes(1);
  });

  it('answers 500 when onEvents throws, without remembering the event, so a retry is handled', async () => {
    const onError = vi.fn();
    let fail = true;
    // An error of the user's code may carry anything, a secret included: the answer never repeats it.
    const failure = new Error(`warehouse refused key ${signingKey}`);
    const onEvents = vi.fn<WebhookEventsHandler>(() => {
      if (fail) throw failure;
    });
    const { handler } = handlerWith({ onEvents, onError });
    const failed = await handler(signedRequest(clicked));
    expect(await answer(failed)).toStrictEqual({
      status: 500,
      body: { error: 'on_events_failed', event_id: eventId },
    });
    expect(onError).toHaveBeenCalledWith(failure, {
      stage: 'on_events',
      webhook: JSON.parse(clicked),
    });

    fail = false;
    expect(await answer(await handler(signedRequest(clicked)))).toStrictEqual({
      status: 200,
      body: { status: 'processed', event_id: eventId, events: 1 },
    });
    expect((await answer(await handler(signedRequest(clicked)))).body).toStrictEqual({ status: 'duplicate' });
    expect(onEvents).toHaveBeenCalledTimes(2);
  });

  it('answers the waiting duplicates 500 too when the first fails', async () => {
    const gate = deferred();
    const { handler, onEvents } = handlerWith({ onEvents: vi.fn<WebhookEventsHandler>(() => gate.promise) });
    const answers = [handler(signedRequest(clicked)), handler(signedRequest(clicked))];
    await vi.waitFor(() => expect(onEvents).toHaveBeenCalledTimes(1));
    gate.reject(new Error('down'));
    expect(await Promise.all(answers.map(async (response) => (await response).status))).toStrictEqual([
      500, 500,
    ]);
  });

  it('hands every delivery to onEvents with dedupe: false', async () => {
    const { handler, onEvents } = handlerWith({ dedupe: false });
    await handler(signedRequest(clicked));
    await handler(signedRequest(clicked));
    expect(onEvents).toHaveBeenCalledTimes(2);
  });
});

/** A store shared by two handlers, as two processes would share Redis: every call is asynchronous. */
function sharedStore(): WebhookDedupeStore & { calls: string[] } {
  const state = new Map<string, 'in_flight' | 'done'>();
  const calls: string[] = [];
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
  return {
    calls,
    async claim(id) {
      calls.push(`claim ${id}`);
      const current = state.get(id);
      if (current === undefined) state.set(id, 'in_flight');
      return later<DedupeClaim>(current ?? 'claimed');
    },
    async complete(id) {
      calls.push(`complete ${id}`);
      state.set(id, 'done');
      await later(undefined);
    },
    async release(id) {
      calls.push(`release ${id}`);
      state.delete(id);
      await later(undefined);
    },
  };
}

describe('a shared, asynchronous dedupe store', () => {
  it('answers 409 in one process while another handles the event, then duplicate once it is done', async () => {
    const store = sharedStore();
    const gate = deferred();
    const first = handlerWith({ dedupe: store, onEvents: vi.fn<WebhookEventsHandler>(() => gate.promise) });
    const second = handlerWith({ dedupe: store });
    const pending = first.handler(signedRequest(clicked));
    await vi.waitFor(() => expect(first.onEvents).toHaveBeenCalledTimes(1));

    expect(await answer(await second.handler(signedRequest(clicked)))).toStrictEqual({
      status: 409,
      body: { error: 'in_flight', event_id: eventId },
    });
    gate.resolve();
    expect((await pending).status).toBe(200);
    expect((await answer(await second.handler(signedRequest(clicked)))).body).toStrictEqual({
      status: 'duplicate',
    });
    expect(second.onEvents).not.toHaveBeenCalled();
    expect(store.calls).toStrictEqual([
      `claim ${eventId}`,
      `claim ${eventId}`,
      `complete ${eventId}`,
      `claim ${eventId}`,
    ]);
  });

  it('answers 503 when the store fails, without calling onEvents', async () => {
    const onError = vi.fn();
    const broken: WebhookDedupeStore = {
      claim: () => Promise.reject(new Error('redis unavailable')),
      complete: () => undefined,
      release: () => undefined,
    };
    const { handler, onEvents } = handlerWith({ dedupe: broken, onError });
    expect(await answer(await handler(signedRequest(clicked)))).toStrictEqual({
      status: 503,
      body: { error: 'dedupe_store_failed' },
    });
    expect(onEvents).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(
      new Error('redis unavailable'),
      expect.objectContaining({ stage: 'dedupe_store' }),
    );
  });
});

describe('options', () => {
  const onEvents = () => undefined;
  it.each([
    [{ signingKey: '', onEvents }, 'signingKey'],
    [{ signingKey, onEvents: 'log' }, 'onEvents'],
    [{ signingKey, onEvents, maxBodyBytes: 0 }, 'maxBodyBytes'],
    [{ signingKey, onEvents, toleranceSeconds: -5 }, 'toleranceSeconds'],
    [{ signingKey, onEvents, naming: 'segment' }, 'naming'],
    [{ signingKey, onEvents, dedupe: { claim: () => 'claimed' } }, 'dedupe'],
  ])('refuses %o at creation', (options, option) => {
    const create = () => createWebhookHandler(options as unknown as WebhookHandlerOptions);
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(`Invalid option \`${option}\``);
  });
});
