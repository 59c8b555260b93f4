/**
 * A collector in process with the Track API emulator behind it (through `emulator.fetch`: no sockets),
 * and requests to it as Segment's clients send them.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { type Collector, type CollectorOptions, createCollector } from '../../src/collector/index.js';
import type { DestinationOptions } from '../../src/destination.js';
import type { ConnectionInfo } from '../../src/http/node-listener.js';
import { createTrackApiEmulator, type TrackApiEmulator } from '../../src/testing/index.js';

export const writeKey = 'wk_7Hq2ZpL0v9test';

/** `Authorization: Basic base64("<writeKey>:")`, as every Segment client sends it. */
export function basic(key = writeKey): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface CollectorFixture {
  emulator: TrackApiEmulator;
  collector: Collector;
  /** POSTs a JSON body (or raw bytes) with the write key in the Basic header unless told otherwise. */
  post(path: string, body: unknown, init?: PostInit): Promise<Answer>;
  /** GETs a path. */
  get(path: string): Promise<Response>;
  /** Closes the collector, so every accepted message has settled. */
  settle(): Promise<void>;
}

export interface PostInit {
  headers?: Record<string, string>;
  connection?: ConnectionInfo;
  /** Leave out the Authorization header. */
  noAuth?: boolean;
}

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((collector) => collector.close({ timeoutMs: 1000 })));
});

export function collectorFixture(
  options: Partial<Omit<CollectorOptions, 'sources'>> & { destination?: Partial<DestinationOptions> } = {},
): CollectorFixture {
  const { destination, ...rest } = options;
  const emulator = createTrackApiEmulator();
  const collector = createCollector({
    sources: [
      { writeKey, destination: { ...emulator.clientOptions(), fetch: emulator.fetch, ...destination } },
    ],
    ...rest,
  });
  open.push(collector);
  return {
    emulator,
    collector,
    post: (path, body, init) => post(collector, path, body, init),
    get: (path) => collector(new Request(`http://collector.test${path}`)),
    settle: async () => {
      await collector.close();
    },
  };
}

export async function post(
  collector: Collector,
  path: string,
  body: unknown,
  init: PostInit = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (!init.noAuth) headers.authorization ??= basic();
  const payload: BodyInit =
    body instanceof Uint8Array
      ? new Uint8Array(body)
      : typeof body === 'string'
        ? body
        : JSON.stringify(body);
  const response = await collector(
    new Request(`http://collector.test${path}`, { method: 'POST', headers, body: payload }),
    init.connection,
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : JSON.parse(text) };
}

/** What each test of a file started, stopped after it in the reverse order (registered with vitest's `afterEach`). */
export function cleanupsAfterEachTest(): Array<() => Promise<void>> {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}

/** Serves `listener` on a free port of 127.0.0.1 until the test ends; resolves with its base URL. */
export async function serveForTest(
  listener: RequestListener,
  cleanups: Array<() => Promise<void>>,
): Promise<string> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
