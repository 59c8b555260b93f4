/**
 * Clients no one here wrote, talking to the collector over real HTTP on 127.0.0.1, with the Track API
 * emulator (on loopback too) behind it: Segment's analytics-node, Customer.io's Data Pipelines SDK for
 * Node, and the classic mobile SDKs' wire format (a gzipped /v1/import, streamed). What they send must
 * end up in the emulator's workspace: people, attributes, events and devices.
 */
import { request as httpRequest } from 'node:http';
import { createGzip } from 'node:zlib';
import { Analytics as CustomerIoAnalytics } from '@customerio/cdp-analytics-node';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import { describe, expect, it } from 'vitest';
import { type Collector, createCollector, toNodeListener } from '../src/collector/index.js';
import { createTrackApiEmulator, type TrackApiEmulator } from '../src/testing/index.js';
import { basic, cleanupsAfterEachTest, serveForTest, writeKey } from './support/collector-fixtures.js';

interface Running {
  url: string;
  collector: Collector;
  emulator: TrackApiEmulator;
}

const cleanups = cleanupsAfterEachTest();

/** The collector on 127.0.0.1, delivering to the emulator on 127.0.0.1. */
async function running(): Promise<Running> {
  const emulator = createTrackApiEmulator();
  await emulator.listen();
  cleanups.push(() => emulator.close());
  const collector = createCollector({ sources: [{ writeKey, destination: emulator.clientOptions() }] });
  cleanups.push(async () => {
    await collector.close({ timeoutMs: 1000 });
  });
  const url = await serveForTest(toNodeListener(collector), cleanups);
  return { url, collector, emulator };
}

describe('@segment/analytics-node', () => {
  it('delivers identify, track, page, screen, group and alias through the collector', async () => {
    const { url, collector, emulator } = await running();
    const analytics = new SegmentAnalytics({ writeKey, host: url, path: '/v1/batch', flushInterval: 50 });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    analytics.identify({ userId: 'ada', traits: { email: 'ada@example.com', plan: 'pro' } });
    analytics.identify({ userId: 'old-ada', traits: { visits: 3 } });
    analytics.track({
      userId: 'ada',
      event: 'Order Completed',
      properties: { order_id: 'ord-1', total: 42.5 },
      timestamp: new Date('2024-03-01T12:00:00Z'),
    });
    analytics.track({
      userId: 'ada',
      event: 'Application Installed',
      context: { device: { type: 'ios', token: 'apns-token-1' } },
    });
    analytics.page({
      userId: 'ada',
      name: 'Pricing',
      properties: { url: 'https://shop.example.com/pricing' },
    });
    analytics.screen({ userId: 'ada', name: 'Cart' });
    analytics.group({ userId: 'ada', groupId: 'acme', traits: { objectAttributes: { name: 'Acme' } } });
    await analytics.flush();
    // Messages are delivered independently: the merge is sent once both people exist.
    await expect.poll(() => collector.stats().default?.queued).toBe(0);
    analytics.alias({ userId: 'ada', previousId: 'old-ada' });
    await analytics.closeAndFlush();
    await collector.close();

    expect(errors).toEqual([]);
    const ada = emulator.workspace.person({ id: 'ada' });
    expect(ada?.attributes).toMatchObject({ email: 'ada@example.com', plan: 'pro', visits: 3 });
    expect(ada?.events.map((event) => [event.type, event.name])).toEqual(
      expect.arrayContaining([
        ['event', 'Order Completed'],
        ['page', 'https://shop.example.com/pricing'],
        ['screen', 'Cart'],
      ]),
    );
    expect(ada?.events.find((event) => event.name === 'Order Completed')).toMatchObject({
      data: { order_id: 'ord-1', total: 42.5 },
      timestamp: Date.parse('2024-03-01T12:00:00Z') / 1000,
    });
    expect(ada?.devices).toMatchObject([{ token: 'apns-token-1', platform: 'ios' }]);
    expect(emulator.workspace.person({ id: 'old-ada' })).toBeUndefined();
    expect(emulator.workspace.objects()).toMatchObject([{ objectId: 'acme', attributes: { name: 'Acme' } }]);
    expect(collector.stats().default).toMatchObject({ accepted: 8, delivered: 8, failed: 0 });
  });

  it('is refused with a wrong write key, and delivers nothing', async () => {
    const { url, collector } = await running();
    const analytics = new SegmentAnalytics({
      writeKey: 'wk_wrong',
      host: url,
      flushInterval: 50,
      maxRetries: 0,
    });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    analytics.track({ userId: 'ada', event: 'Nope' });
    await analytics.closeAndFlush();
    expect(errors).toHaveLength(1);
    expect(collector.stats().default?.accepted).toBe(0);
  });
});

describe('@customerio/cdp-analytics-node', () => {
  it('delivers identify, track and group through the collector', async () => {
    const { url, collector, emulator } = await running();
    const analytics = new CustomerIoAnalytics({ writeKey, host: url, path: '/v1/batch', flushInterval: 50 });
    analytics.identify({ userId: 'grace', traits: { email: 'grace@example.com', role: 'admiral' } });
    analytics.track({ userId: 'grace', event: 'Compiler Written', properties: { language: 'COBOL' } });
    analytics.track({
      userId: 'grace',
      event: 'Device Created or Updated',
      context: { device: { type: 'android', token: 'fcm-token-1' } },
    });
    analytics.group({ userId: 'grace', groupId: 'navy', traits: { objectAttributes: { name: 'US Navy' } } });
    await analytics.closeAndFlush();
    await collector.close();

    const grace = emulator.workspace.person({ id: 'grace' });
    expect(grace?.attributes).toMatchObject({ email: 'grace@example.com', role: 'admiral' });
    expect(grace?.events).toMatchObject([
      { type: 'event', name: 'Compiler Written', data: { language: 'COBOL' } },
    ]);
    expect(grace?.devices).toMatchObject([{ token: 'fcm-token-1', platform: 'android' }]);
    expect(emulator.workspace.objects()).toMatchObject([
      { objectId: 'navy', attributes: { name: 'US Navy' } },
    ]);
    expect(collector.stats().default).toMatchObject({ accepted: 4, delivered: 4, failed: 0 });
  });
});

describe("the classic mobile SDKs' wire format", () => {
  /** A batch as analytics-android writes it: `{"batch":[...],"sentAt":...}`, each message with its full context. */
  function androidBatch(sentAt: string) {
    const context = {
      app: { build: '142', name: 'Shop', namespace: 'com.example.shop', version: '3.2.0' },
      device: {
        id: 'a1b2c3d4',
        manufacturer: 'Google',
        model: 'Pixel 8',
        name: 'shiba',
        type: 'android',
        token: 'fcm-token-42',
      },
      library: { name: 'analytics-android', version: '4.11.3' },
      locale: 'fr-FR',
      network: { wifi: true, carrier: 'Orange', bluetooth: false, cellular: false },
      os: { name: 'Android', version: '14' },
      screen: { density: 2.625, height: 2400, width: 1080 },
      timezone: 'Europe/Paris',
      traits: { anonymousId: 'anon-7' },
      userAgent: 'Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/UQ1A.240105.004)',
    };
    const base = { channel: 'mobile', context, anonymousId: 'anon-7', integrations: {}, userId: 'linus' };
    return {
      batch: [
        {
          ...base,
          messageId: 'b2f0c1e4-0001',
          type: 'identify',
          timestamp: '2024-03-01T11:00:00.000Z',
          traits: { anonymousId: 'anon-7', userId: 'linus', email: 'linus@example.com', name: 'Linus' },
        },
        {
          ...base,
          messageId: 'b2f0c1e4-0002',
          type: 'track',
          timestamp: '2024-03-01T11:00:01.000Z',
          event: 'Application Opened',
          properties: { from_background: false, version: '3.2.0', build: '142' },
        },
        {
          ...base,
          messageId: 'b2f0c1e4-0003',
          type: 'screen',
          timestamp: '2024-03-01T11:00:02.000Z',
          name: 'Checkout',
          properties: { name: 'Checkout' },
        },
      ],
      sentAt,
    };
  }

  it('is a gzipped /v1/import, streamed without a length, and lands in the workspace', async () => {
    const { url, collector, emulator } = await running();
    const body = JSON.stringify(androidBatch('2024-03-01T11:00:03.000Z'));
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${url}/v1/import`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          authorization: basic(),
          'user-agent': 'analytics-android/4.11.3',
          'transfer-encoding': 'chunked',
        },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      const gzip = createGzip();
      gzip.pipe(request);
      // Written in pieces, as a stream over a phone's connection arrives.
      for (let start = 0; start < body.length; start += 300) gzip.write(body.slice(start, start + 300));
      gzip.end();
    });
    expect(status).toBe(200);
    await collector.close();

    const linus = emulator.workspace.person({ id: 'linus' });
    expect(linus?.attributes).toMatchObject({ email: 'linus@example.com', name: 'Linus' });
    expect(linus?.devices).toMatchObject([{ token: 'fcm-token-42', platform: 'android' }]);
    expect(linus?.events.map((event) => [event.type, event.name])).toEqual(
      expect.arrayContaining([['screen', 'Checkout']]),
    );
    expect(collector.stats().default).toMatchObject({ accepted: 3, delivered: 3, failed: 0 });
  });
});
