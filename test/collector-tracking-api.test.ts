/**
 * Segment's Tracking API as clients call it: every path (the full names and analytics.js' one-letter
 * ones), batches with their outer context, the write key in either place, any Content-Type, gzip, and
 * what Segment's servers add to each message. What counts is what reaches Customer.io: the emulator's
 * workspace once the collector has settled.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clientAddress, enrich } from '../src/collector/enrich.js';
import { basic, collectorFixture, writeKey } from './support/collector-fixtures.js';

const accepted = { success: true, accepted: 1, duplicates: 0 };

describe('the calls of the Tracking API', () => {
  it.each([['/v1/identify'], ['/v1/i']])('%s identifies a person with their traits', async (path) => {
    const { post, settle, emulator } = collectorFixture();
    const answer = await post(path, { userId: 'ada', traits: { email: 'ada@example.com', plan: 'pro' } });
    expect(answer).toMatchObject({ status: 200, body: accepted });
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.attributes).toEqual({
      email: 'ada@example.com',
      plan: 'pro',
    });
  });

  it.each([['/v1/track'], ['/v1/t']])('%s records an event', async (path) => {
    const { post, settle, emulator } = collectorFixture();
    expect(
      (await post(path, { userId: 'ada', event: 'Order Completed', properties: { total: 42.5 } })).status,
    ).toBe(200);
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events).toMatchObject([
      { type: 'event', name: 'Order Completed', data: { total: 42.5 } },
    ]);
  });

  it.each([
    ['/v1/page', 'page', 'https://shop.example.com/pricing'],
    ['/v1/p', 'page', 'https://shop.example.com/pricing'],
    ['/v1/screen', 'screen', 'Cart'],
    ['/v1/s', 'screen', 'Cart'],
  ])('%s records a %s view', async (path, type, name) => {
    const { post, settle, emulator } = collectorFixture();
    const body = type === 'page' ? { userId: 'ada', properties: { url: name } } : { userId: 'ada', name };
    expect((await post(path, body)).status).toBe(200);
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events).toMatchObject([{ type, name }]);
  });

  it.each([['/v1/group'], ['/v1/g']])('%s puts the person in an object', async (path) => {
    const { post, settle, emulator } = collectorFixture();
    await post('/v1/identify', { userId: 'ada' });
    expect((await post(path, { userId: 'ada', groupId: 'acme', traits: { name: 'Acme' } })).status).toBe(200);
    await settle();
    expect(emulator.workspace.objects()).toMatchObject([{ objectTypeId: '1', objectId: 'acme' }]);
    expect(emulator.workspace.relationships()).toHaveLength(1);
  });

  it.each([['/v1/alias'], ['/v1/a']])('%s merges the previous id into the user', async (path) => {
    const { post, settle, emulator } = collectorFixture();
    await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'old-id', traits: { plan: 'free' } },
        { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } },
      ],
    });
    expect((await post(path, { userId: 'ada', previousId: 'old-id' })).status).toBe(200);
    await settle();
    expect(emulator.workspace.person({ id: 'old-id' })).toBeUndefined();
    expect(emulator.workspace.person({ id: 'ada' })?.attributes).toMatchObject({ plan: 'free' });
  });

  it('types a single call by its path, whatever type the body claims', async () => {
    const { post, settle, emulator } = collectorFixture();
    await post('/v1/track', { type: 'identify', userId: 'ada', event: 'Signed Up' });
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual([
      'Signed Up',
    ]);
  });

  it.each([['/v1/batch'], ['/v1/b'], ['/v1/import']])(
    '%s takes several messages, each under the outer context and integrations (its own win)',
    async (path) => {
      const { post, settle, emulator, collector } = collectorFixture();
      const answer = await post(path, {
        batch: [
          { type: 'identify', userId: 'ada', traits: { plan: 'pro' } },
          { type: 'track', userId: 'ada', event: 'Application Installed' },
          {
            type: 'track',
            userId: 'ada',
            event: 'Application Opened',
            context: { device: { type: 'ios', token: 'own-token' } },
          },
          { type: 'track', userId: 'ada', event: 'Kept Back', integrations: { 'Customer.io': false } },
        ],
        context: { device: { type: 'android', token: 'outer-token' }, locale: 'fr-FR' },
        integrations: { Slack: false },
      });
      expect(answer).toMatchObject({ status: 200, body: { success: true, accepted: 4, duplicates: 0 } });
      const skippedByOuter = await post(path, {
        batch: [{ type: 'track', userId: 'ada', event: 'Not For Customer.io' }],
        integrations: { 'Customer.io': false },
      });
      expect(skippedByOuter.body).toMatchObject({ accepted: 1 });
      await settle();
      const ada = emulator.workspace.person({ id: 'ada' });
      expect(ada?.attributes).toEqual({ plan: 'pro' });
      expect(ada?.devices.map((device) => [device.token, device.platform])).toEqual([
        ['outer-token', 'android'],
        ['own-token', 'ios'],
      ]);
      expect(ada?.events.map((event) => event.name)).not.toContain('Kept Back');
      expect(ada?.events.map((event) => event.name)).not.toContain('Not For Customer.io');
      expect(collector.stats().default).toMatchObject({ accepted: 5, skipped: 2, failed: 0 });
    },
  );

  it('answers 404 to a path the Tracking API does not have', async () => {
    const { post } = collectorFixture();
    expect((await post('/v1/trak', { userId: 'ada', event: 'X' })).status).toBe(404);
    expect((await post('/track', { userId: 'ada', event: 'X' })).status).toBe(404);
  });
});

describe('the write key', () => {
  it('is read from the Basic user name, or from `writeKey` in the body', async () => {
    const { post, settle, emulator } = collectorFixture();
    expect((await post('/v1/t', { userId: 'a', event: 'Header' })).status).toBe(200);
    const inBody = await post('/v1/t', { userId: 'a', event: 'Body', writeKey }, { noAuth: true });
    expect(inBody.status).toBe(200);
    await settle();
    expect(emulator.workspace.person({ id: 'a' })?.events.map((event) => event.name)).toEqual([
      'Header',
      'Body',
    ]);
  });

  it('answers 401 to a key no source has, without repeating it, and accepts nothing', async () => {
    const { post, collector } = collectorFixture();
    for (const answer of [
      await post('/v1/t', { userId: 'a', event: 'X' }, { headers: { authorization: basic('wk_guess') } }),
      await post('/v1/t', { userId: 'a', event: 'X', writeKey: 'wk_guess' }, { noAuth: true }),
      await post('/v1/t', { userId: 'a', event: 'X' }, { noAuth: true }),
      // A wrong key in the header is not rescued by a right one in the body.
      await post(
        '/v1/t',
        { userId: 'a', event: 'X', writeKey },
        { headers: { authorization: basic('wk_guess') } },
      ),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('unauthorized');
      expect(JSON.stringify(answer.body)).not.toContain('wk_guess');
    }
    expect(collector.stats().default?.accepted).toBe(0);
  });

  it('sends each source to its own workspace', async () => {
    const { createCollector } = await import('../src/collector/index.js');
    const { createTrackApiEmulator } = await import('../src/testing/index.js');
    const web = createTrackApiEmulator();
    const app = createTrackApiEmulator();
    const collector = createCollector({
      sources: [
        { name: 'web', writeKey: 'wk_web', destination: { ...web.clientOptions(), fetch: web.fetch } },
        { name: 'app', writeKey: 'wk_app', destination: { ...app.clientOptions(), fetch: app.fetch } },
      ],
    });
    const send = (key: string, event: string) =>
      collector(
        new Request('http://collector.test/v1/track', {
          method: 'POST',
          headers: { authorization: basic(key) },
          body: JSON.stringify({ userId: 'ada', event }),
        }),
      );
    expect((await send('wk_web', 'From Web')).status).toBe(200);
    expect((await send('wk_app', 'From App')).status).toBe(200);
    const summary = await collector.close();
    expect(web.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual(['From Web']);
    expect(app.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual(['From App']);
    expect(Object.keys(summary.sources)).toEqual(['web', 'app']);
  });
});

describe('bodies', () => {
  it('are JSON whatever the Content-Type says, as browsers send text/plain', async () => {
    const { post, settle, emulator } = collectorFixture();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const answer = await post(
        '/v1/t',
        { userId: 'ada', event: `As ${type || 'nothing'}` },
        { headers: { 'content-type': type } },
      );
      expect(answer.status).toBe(200);
    }
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events).toHaveLength(3);
  });

  it('may be gzipped', async () => {
    const { post, settle, emulator } = collectorFixture();
    const body = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'ada', event: 'Zipped' }] }));
    const answer = await post('/v1/import', body, { headers: { 'content-encoding': 'gzip' } });
    expect(answer.status).toBe(200);
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual(['Zipped']);
  });

  it.each([
    ['not JSON', '{"userId":', {}, 'invalid_json'],
    ['not an object', '[1,2]', {}, 'invalid_body'],
    ['a batch without a batch array', '{"batch":{}}', {}, 'invalid_body'],
    ['not gzip though it says so', '{"userId":"a"}', { 'content-encoding': 'gzip' }, 'invalid_gzip'],
    [
      'in an encoding the API does not take',
      '{"userId":"a"}',
      { 'content-encoding': 'br' },
      'unsupported_encoding',
    ],
  ])('are refused with 400 when %s', async (_, body, headers, error) => {
    const { post, collector } = collectorFixture();
    const path = body.includes('batch') ? '/v1/batch' : '/v1/track';
    const answer = await post(path, body, { headers });
    expect(answer).toMatchObject({ status: 400, body: { success: false, error } });
    expect(collector.stats().default?.accepted).toBe(0);
  });
});

describe("what Segment's servers add", () => {
  const receivedAt = Date.parse('2024-03-01T12:00:00.000Z');

  it('sets receivedAt, derives a messageId, removes the write key and adds the address', () => {
    const message: Record<string, unknown> = { type: 'track', userId: 'ada', event: 'X', writeKey };
    enrich(message, { receivedAt, ip: '203.0.113.7' }, new Date(receivedAt).toISOString());
    expect(message).toEqual({
      type: 'track',
      userId: 'ada',
      event: 'X',
      messageId: expect.stringMatching(/^api-[0-9a-f]{32}$/),
      receivedAt: '2024-03-01T12:00:00.000Z',
      timestamp: '2024-03-01T12:00:00.000Z',
      context: { ip: '203.0.113.7' },
    });
    // The same message sent again gets the same id, so deduplication recognises it.
    const again: Record<string, unknown> = { type: 'track', userId: 'ada', event: 'X', writeKey };
    enrich(
      again,
      { receivedAt: receivedAt + 5000, ip: undefined },
      new Date(receivedAt + 5000).toISOString(),
    );
    expect(again.messageId).toBe(message.messageId);
  });

  it("corrects the device's clock: timestamp = receivedAt - (sentAt - originalTimestamp)", () => {
    // The device's clock is an hour behind: it sent 2 s after the event, by its own clock.
    const message: Record<string, unknown> = {
      type: 'track',
      messageId: 'm-1',
      originalTimestamp: '2024-03-01T11:00:00.000Z',
      sentAt: '2024-03-01T11:00:02.000Z',
      context: { ip: '198.51.100.1' },
    };
    enrich(message, { receivedAt, ip: '203.0.113.7' }, new Date(receivedAt).toISOString());
    expect(message).toMatchObject({
      messageId: 'm-1',
      timestamp: '2024-03-01T11:59:58.000Z',
      originalTimestamp: '2024-03-01T11:00:00.000Z',
      // An address the message carries is kept.
      context: { ip: '198.51.100.1' },
    });
  });

  it('keeps a timestamp the client gave, and an originalTimestamp without sentAt for mapping to read', () => {
    const given: Record<string, unknown> = {
      timestamp: '2020-01-01T00:00:00Z',
      sentAt: '2024-03-01T11:00:02Z',
    };
    enrich(given, { receivedAt, ip: undefined }, new Date(receivedAt).toISOString());
    expect(given.timestamp).toBe('2020-01-01T00:00:00Z');
    const original: Record<string, unknown> = { originalTimestamp: '2020-01-01T00:00:00Z' };
    enrich(original, { receivedAt, ip: undefined }, new Date(receivedAt).toISOString());
    expect(original.timestamp).toBeUndefined();
  });

  it('takes the address from the connection, or from the last entry of a trusted proxy header', () => {
    const request = new Request('http://collector.test/v1/t', {
      headers: { 'x-forwarded-for': '10.9.9.9, 198.51.100.23', 'x-real-ip': 'not an address' },
    });
    expect(clientAddress(request, { remoteAddress: '::ffff:203.0.113.7' }, undefined)).toBe('203.0.113.7');
    expect(clientAddress(request, { remoteAddress: '2001:db8::1' }, undefined)).toBe('2001:db8::1');
    expect(clientAddress(request, { remoteAddress: '203.0.113.7' }, 'x-forwarded-for')).toBe('198.51.100.23');
    expect(clientAddress(request, { remoteAddress: '203.0.113.7' }, 'x-real-ip')).toBeUndefined();
    expect(clientAddress(request, undefined, undefined)).toBeUndefined();
  });

  it("times an event by the corrected clock in Customer.io's workspace", async () => {
    const { post, settle, emulator } = collectorFixture({ now: () => receivedAt });
    await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'ada', event: 'Skewed', originalTimestamp: '2024-03-01T11:00:00.000Z' },
      ],
      sentAt: '2024-03-01T11:00:02.000Z',
    });
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events[0]?.timestamp).toBe(
      Date.parse('2024-03-01T11:59:58Z') / 1000,
    );
  });
});

describe('duplicates', () => {
  it('are answered 200 and delivered once, across requests and within one', async () => {
    const { post, settle, emulator, collector } = collectorFixture();
    const event = { type: 'track', userId: 'ada', event: 'Paid', messageId: 'msg-1' };
    expect((await post('/v1/batch', { batch: [event, event] })).body).toEqual({
      success: true,
      accepted: 1,
      duplicates: 1,
    });
    expect((await post('/v1/track', event)).body).toEqual({ success: true, accepted: 0, duplicates: 1 });
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events).toHaveLength(1);
    expect(collector.stats().default?.accepted).toBe(1);
  });

  it('are messages a client resends without a messageId, recognised by their content', async () => {
    const { post, collector } = collectorFixture();
    const event = { userId: 'ada', event: 'Paid', timestamp: '2024-03-01T12:00:00Z' };
    await post('/v1/track', event);
    expect((await post('/v1/track', event)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(collector.stats().default?.accepted).toBe(1);
  });

  it('are sent again when dedupe is off', async () => {
    const { post, collector } = collectorFixture({ dedupe: false });
    const event = { userId: 'ada', event: 'Paid', messageId: 'msg-1' };
    await post('/v1/track', event);
    expect((await post('/v1/track', event)).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(collector.stats().default?.accepted).toBe(2);
  });
});
