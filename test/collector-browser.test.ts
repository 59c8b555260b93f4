/**
 * Segment's browser SDK (@segment/analytics-next, its own UMD bundle from node_modules) in a real
 * headless Chromium (Debian's package, driven by playwright-core), sending to the collector on
 * 127.0.0.1 with the Track API emulator behind it. The page and the bundle are served from 127.0.0.1;
 * the SDK is loaded with `cdnSettings`, so it needs no CDN, and every request to any other host is
 * blocked. Both of its delivery strategies are covered: one request a call (`/v1/i`, `/v1/t`...) and
 * batching (`/v1/b`). Chromium must be installed (`apt-get install chromium`): without it these tests
 * fail, they are never skipped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, createCollector, toNodeListener } from '../src/collector/index.js';
import { createTrackApiEmulator, type TrackApiEmulator } from '../src/testing/index.js';
import { cleanupsAfterEachTest, serveForTest, writeKey } from './support/collector-fixtures.js';

const chromiumPath = '/usr/bin/chromium';
const bundles = fileURLToPath(new URL('../node_modules/@segment/analytics-next/dist/umd/', import.meta.url));

let context: BrowserContext;
let userDataDir: string;
/** Requests the browser tried to make to any host but 127.0.0.1 (all blocked). */
const blocked: string[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium); .ci/run does`,
    );
  }
  userDataDir = mkdtempSync(join(tmpdir(), 'collector-browser-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const cleanups = cleanupsAfterEachTest();

const listen = (listener: RequestListener) => serveForTest(listener, cleanups);

interface Setup {
  collector: Collector;
  emulator: TrackApiEmulator;
  /** The paths the collector was posted to, in order. */
  paths: string[];
  /** The page that loads analytics-next, pointed at the collector. */
  pageUrl: string;
  /** The collector's host and path, as analytics-next's `apiHost` (no scheme). */
  apiHost: string;
}

async function setUp(): Promise<Setup> {
  const emulator = createTrackApiEmulator();
  await emulator.listen();
  cleanups.push(() => emulator.close());

  // The page's server: a page, and analytics-next's UMD bundle and its chunks, as its CDN serves them.
  const pageOrigin = await listen(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>` +
          // Chunks the bundle loads later come from here too, not from Segment's CDN.
          `<script>window.analytics = { _cdn: location.origin };</script>` +
          `<script src="/analytics-next/bundles/index.js"></script></body></html>`,
      );
      return;
    }
    const file = /^\/analytics-next\/bundles\/([\w.-]+\.js)$/.exec(path)?.[1];
    if (file === undefined || !existsSync(join(bundles, file))) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/javascript' });
    response.end(await readFile(join(bundles, file)));
  });

  const collector = createCollector({
    sources: [{ writeKey, destination: emulator.clientOptions() }],
    allowedOrigins: [pageOrigin],
  });
  cleanups.push(async () => {
    await collector.close({ timeoutMs: 1000 });
  });
  const paths: string[] = [];
  const listener = toNodeListener(collector);
  const collectorUrl = await listen((request, response) => {
    if (request.method === 'POST') paths.push(request.url ?? '');
    listener(request, response);
  });
  return {
    collector,
    emulator,
    paths,
    pageUrl: `${pageOrigin}/`,
    apiHost: `${collectorUrl.slice('http://'.length)}/v1`,
  };
}

type AnalyticsNext = typeof import('@segment/analytics-next');
type LoadedAnalytics = Awaited<ReturnType<AnalyticsNext['AnalyticsBrowser']['load']>>[0];
type TestWindow = Window & { AnalyticsNext: AnalyticsNext; analyticsUnderTest: LoadedAnalytics };

/**
 * Opens the page, and loads analytics-next in it as its documentation shows, with no CDN; `calls` then
 * runs in the page with it.
 */
async function loadInPage(setup: Setup, deliveryStrategy: unknown) {
  const page = await context.newPage();
  cleanups.push(() => page.close());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(setup.pageUrl);
  await page.waitForFunction(() => 'AnalyticsNext' in window);
  await page.evaluate(
    async ({ writeKey, apiHost, deliveryStrategy }) => {
      const { AnalyticsBrowser } = (window as unknown as TestWindow).AnalyticsNext;
      const segmentIo = { apiKey: writeKey, apiHost, protocol: 'http' as const };
      const [analytics] = await AnalyticsBrowser.load(
        { writeKey, cdnURL: location.origin, cdnSettings: { integrations: { 'Segment.io': segmentIo } } },
        {
          integrations: { 'Segment.io': { ...segmentIo, ...(deliveryStrategy ? { deliveryStrategy } : {}) } },
        },
      );
      (window as unknown as TestWindow).analyticsUnderTest = analytics;
    },
    { writeKey, apiHost: setup.apiHost, deliveryStrategy: deliveryStrategy as never },
  );
  return {
    calls: (run: (analytics: LoadedAnalytics) => Promise<unknown>) =>
      page.evaluate(`(${run.toString()})(window.analyticsUnderTest)`),
    pageErrors,
  };
}

describe('@segment/analytics-next in Chromium', () => {
  it('sends each call to its one-letter path, and every one reaches the workspace', async () => {
    const setup = await setUp();
    const page = await loadInPage(setup, undefined);
    await page.calls(async (analytics) => {
      await analytics.identify('ada', { email: 'ada@example.com', plan: 'pro' });
      await analytics.track('Order Completed', { order_id: 'ord-1', total: 42.5 });
      await analytics.page('Pricing');
      await analytics.group('acme', { objectAttributes: { name: 'Acme' } });
    });
    expect(page.pageErrors).toEqual([]);
    const { collector, emulator, paths } = setup;
    await expect.poll(() => collector.stats().default?.accepted).toBe(4);
    await collector.close();

    expect(paths).toEqual(['/v1/i', '/v1/t', '/v1/p', '/v1/g']);
    const ada = emulator.workspace.person({ id: 'ada' });
    expect(ada?.attributes).toMatchObject({ email: 'ada@example.com', plan: 'pro' });
    expect(ada?.events.map((event) => [event.type, event.name])).toEqual([
      ['event', 'Order Completed'],
      ['page', setup.pageUrl],
    ]);
    expect(ada?.events[0]?.data).toEqual({
      order_id: 'ord-1',
      total: 42.5,
      anonymous_id: expect.any(String),
    });
    expect(emulator.workspace.objects()).toMatchObject([{ objectId: 'acme', attributes: { name: 'Acme' } }]);
    // Anonymous until identified: the browser's anonymousId travels with every call.
    expect(ada?.attributes.anonymous_id).toEqual(expect.any(String));
    expect(collector.stats().default).toMatchObject({ delivered: 4, failed: 0 });
    expect(blocked).toEqual([]);
  }, 60_000);

  it('sends its batches to /v1/b with the batching delivery strategy', async () => {
    const setup = await setUp();
    const page = await loadInPage(setup, { strategy: 'batching', config: { size: 3, timeout: 200 } });
    await page.calls(async (analytics) => {
      analytics.identify('grace', { email: 'grace@example.com' });
      analytics.track('Compiler Written', { language: 'COBOL' });
      analytics.track('Bug Found', { where: 'Mark II' });
      analytics.track('Talk Given', { topic: 'nanoseconds' });
    });
    expect(page.pageErrors).toEqual([]);
    const { collector, emulator, paths } = setup;
    await expect.poll(() => collector.stats().default?.accepted, { timeout: 10_000 }).toBe(4);
    await collector.close();

    expect(paths.length).toBeGreaterThanOrEqual(1);
    expect(new Set(paths)).toEqual(new Set(['/v1/b']));
    const grace = emulator.workspace.person({ id: 'grace' });
    expect(grace?.attributes).toMatchObject({ email: 'grace@example.com' });
    expect(grace?.events.map((event) => event.name).sort()).toEqual([
      'Bug Found',
      'Compiler Written',
      'Talk Given',
    ]);
    expect(blocked).toEqual([]);
  }, 60_000);
});
