/**
 * The handler behind a real node:http server on 127.0.0.1, receiving signed POSTs over loopback, and
 * end to end: Customer.io webhook -> node:http -> handler -> forwardTo(destination) -> the Track API
 * emulator's workspace.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDestination, type Destination } from '../src/destination.js';
import { createTrackApiEmulator, type TrackApiEmulator } from '../src/testing/index.js';
import {
  createWebhookHandler,
  forwardTo,
  signWebhookPayload,
  toNodeListener,
  type WebhookEventsHandler,
} from '../src/webhooks/index.js';
import {
  deliveryId,
  eventId,
  identifiers,
  independentSignature,
  nowMs,
  sentAt,
  signingKey,
  webhookBody,
} from './support/webhooks-fixtures.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  listener: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A body whose bytes matter: spacing, escapes and non-ASCII text that JSON.stringify would not keep. */
const rawBody = `{ "event_id" : "${eventId}", "object_type":"email", "metric":"opened", "timestamp":${sentAt},
  "data":{"delivery_id":"${deliveryId}","identifiers":{"id":"42"},"recipient":"ada@example.com","subject":"Gr\\u00fc\\u00dfe \u2603"} }`;

const signedHeaders = (body: string) => ({
  'content-type': 'application/json',
  'x-cio-timestamp': String(sentAt),
  'x-cio-signature': independentSignature(signingKey, String(sentAt), body),
});

describe('toNodeListener', () => {
  it('serves a signed POST over loopback, handing the exact bytes to the signature check', async () => {
    const onEvents = vi.fn<WebhookEventsHandler>();
    const url = await serve(toNodeListener(createWebhookHandler({ signingKey, onEvents, now: () => nowMs })));
    const response = await fetch(`${url}/hooks/customerio?source=cio`, {
      method: 'POST',
      body: rawBody,
      headers: signedHeaders(rawBody),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toStrictEqual({ status: 'processed', event_id: eventId, events: 1 });
    expect(onEvents.mock.calls[0]?.[0]).toMatchObject([
      { event: 'Email Opened', userId: '42', properties: { email_subject: 'Grüße ☃' } },
    ]);
  });

  it('answers a tampered body 401 and a GET 405 over the wire', async () => {
    const onEvents = vi.fn<WebhookEventsHandler>();
    const url = await serve(toNodeListener(createWebhookHandler({ signingKey, onEvents, now: () => nowMs })));
    const tampered = await fetch(url, {
      method: 'POST',
      body: rawBody.replace('"42"', '"43"'),
      headers: signedHeaders(rawBody),
    });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ reason: 'mismatch' });
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(onEvents).not.toHaveBeenCalled();
  });

  it('answers 413 to a body over the limit and keeps serving', async () => {
    const onEvents = vi.fn<WebhookEventsHandler>();
    const handler = createWebhookHandler({ signingKey, onEvents, now: () => nowMs, maxBodyBytes: 1024 });
    const url = await serve(toNodeListener(handler));
    const big = 'x'.repeat(256 * 1024);
    const response = await fetch(url, { method: 'POST', body: big, headers: signedHeaders(big) });
    expect(response.status).toBe(413);
    const next = await fetch(url, { method: 'POST', body: rawBody, headers: signedHeaders(rawBody) });
    expect(next.status).toBe(200);
  });

  it('uses a body a framework kept as bytes (express.raw), and refuses one it parsed to an object', async () => {
    const onEvents = vi.fn<WebhookEventsHandler>();
    const listener = toNodeListener(createWebhookHandler({ signingKey, onEvents, now: () => nowMs }));
    const url = await serve(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const kept = request.headers['x-parser'] === 'json' ? JSON.parse(raw.toString()) : raw;
      Object.assign(request, { body: kept });
      listener(request, response);
    });
    const rawAnswer = await fetch(url, { method: 'POST', body: rawBody, headers: signedHeaders(rawBody) });
    expect(rawAnswer.status).toBe(200);
    const parsed = await fetch(url, {
      method: 'POST',
      body: rawBody,
      headers: { ...signedHeaders(rawBody), 'x-parser': 'json' },
    });
    expect(parsed.status).toBe(500);
    expect(await parsed.json()).toMatchObject({ error: 'body_already_parsed' });
    expect(onEvents).toHaveBeenCalledTimes(1);
  });

  it('answers 500 when the handler itself throws', async () => {
    const url = await serve(toNodeListener(() => Promise.reject(new Error('boom'))));
    const response = await fetch(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toStrictEqual({ error: 'internal_error' });
  });
});

describe('end to end: webhook -> node:http -> forwardTo(destination) -> Track API emulator', () => {
  async function pipeline(): Promise<{ url: string; emulator: TrackApiEmulator; destination: Destination }> {
    const emulator = createTrackApiEmulator();
    const { url: trackUrl } = await emulator.listen();
    const destination = createDestination({ ...emulator.clientOptions(), baseUrl: trackUrl });
    cleanups.push(() => emulator.close());
    cleanups.push(() => destination.close());
    const handler = createWebhookHandler({ signingKey, onEvents: forwardTo(destination), now: () => nowMs });
    return { url: await serve(toNodeListener(handler)), emulator, destination };
  }

  it('records the click as an event of the person, once, however often it is delivered', async () => {
    const { url, emulator } = await pipeline();
    const body = JSON.stringify(
      webhookBody('email', 'clicked', {
        delivery_id: deliveryId,
        identifiers,
        recipient: 'ada@example.com',
        subject: 'Welcome',
        href: 'https://example.com/pricing',
        link_id: 3,
        campaign_id: 5,
      }),
    );
    const headers = {
      'content-type': 'application/json',
      ...signWebhookPayload({ rawBody: body, signingKey, timestamp: sentAt }),
    };
    const answers = [];
    for (let delivery = 0; delivery < 3; delivery++) {
      answers.push(await (await fetch(url, { method: 'POST', body, headers })).json());
    }
    expect(answers).toStrictEqual([
      { status: 'processed', event_id: eventId, events: 1 },
      { status: 'duplicate' },
      { status: 'duplicate' },
    ]);
    expect(emulator.workspace.person({ id: '42' })?.events).toStrictEqual([
      {
        type: 'event',
        name: 'Email Link Clicked',
        timestamp: sentAt,
        dedupeId: eventId,
        data: {
          email_id: deliveryId,
          delivery_id: deliveryId,
          campaign_id: 5,
          email_subject: 'Welcome',
          link_url: 'https://example.com/pricing',
          link_id: 3,
        },
      },
    ]);
  });

  it('records the event of a person known by email only under that email', async () => {
    const { url, emulator } = await pipeline();
    const body = JSON.stringify(
      webhookBody('email', 'bounced', {
        delivery_id: deliveryId,
        identifiers: { id: null, email: 'grace@example.com', cio_id: 'c2' },
        recipient: 'grace@example.com',
        failure_message: '550 No such user',
      }),
    );
    const headers = signWebhookPayload({ rawBody: body, signingKey, timestamp: sentAt });
    expect((await fetch(url, { method: 'POST', body, headers: { ...headers } })).status).toBe(200);
    expect(emulator.workspace.person({ email: 'grace@example.com' })?.events).toMatchObject([
      { name: 'Email Bounced', data: { reason: '550 No such user', email_id: deliveryId } },
    ]);
  });
});
