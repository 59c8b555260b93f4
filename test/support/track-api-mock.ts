/**
 * An msw recorder standing in for Customer.io's Track API. Every request to a known origin is
 * recorded and answered `200 {}` unless the test scripted another answer.
 */
import { delay, HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTrackClient, type TrackClient, type TrackClientOptions } from '../../src/index.js';

export const usTrackUrl = 'https://track.customer.io';
export const euTrackUrl = 'https://track-eu.customer.io';
/** A loopback base URL, as an emulator would have. */
export const localBaseUrl = 'http://127.0.0.1:4010';

export const testSiteId = 'test-site-0042';
/** A Track API key of the short (20-character) form. */
export const testApiKey = 'ab12cd34ef56ab78cd90';
/** A Track API key of the long (64-character) form. */
export const testApiKey64 = 'f00dfacecafebeef0123456789abcdef0123456789abcdeffeedc0ffee987654';

export interface RecordedRequest {
  method: string;
  url: string;
  /** The pathname exactly as sent, still percent-encoded. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body parsed as JSON, or undefined when there is none or it is not JSON. */
  body: unknown;
  rawBody: string;
}

export interface ScriptedResponse {
  /** @default 200 */
  status?: number;
  /** A JSON body. With neither `json` nor `text`, the body is empty. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Drop the connection instead of answering. */
  connectionReset?: boolean;
}

/** What Customer.io answers to an accepted request. */
const defaultResponse: ScriptedResponse = { json: {} };

export interface TrackApiMock {
  readonly server: SetupServer;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Answers the next requests with these responses, one each, before any rule applies. */
  respondNext(...responses: ScriptedResponse[]): void;
  /** Answers every request matching the predicate with this response, until reset. */
  respondWhen(predicate: (request: RecordedRequest) => boolean, response: ScriptedResponse): void;
  listen(): void;
  /** Forgets recorded requests and scripted responses. */
  reset(): void;
}

/** A recorder for both region hosts, `localBaseUrl` and any other origins given. Call `listen()` to start it. */
export function createTrackApiMock(otherOrigins: string[] = []): TrackApiMock {
  const requests: RecordedRequest[] = [];
  const queued: ScriptedResponse[] = [];
  const rules: { predicate: (request: RecordedRequest) => boolean; response: ScriptedResponse }[] = [];

  const origins = [usTrackUrl, euTrackUrl, localBaseUrl, ...otherOrigins];
  const server = setupServer(
    ...origins.map((origin) =>
      http.all(`${origin}/*`, async ({ request }) => {
        const recorded = await record(request);
        requests.push(recorded);
        const scripted = queued.shift() ?? rules.find((rule) => rule.predicate(recorded))?.response;
        return respond(scripted ?? defaultResponse);
      }),
    ),
  );

  return {
    server,
    requests,
    respondNext: (...responses) => queued.push(...responses),
    respondWhen: (predicate, response) => rules.push({ predicate, response }),
    listen: () => server.listen({ onUnhandledRequest: 'error' }),
    reset() {
      requests.length = 0;
      queued.length = 0;
      rules.length = 0;
    },
  };
}

/** A recorder that listens for the whole test file and is reset after each test. */
export function useTrackApiMock(otherOrigins: string[] = []): TrackApiMock {
  const mock = createTrackApiMock(otherOrigins);
  beforeAll(() => mock.listen());
  afterEach(() => mock.reset());
  afterAll(() => mock.server.close());
  return mock;
}

/** A client with the test credentials; US host unless the options say otherwise. */
export function createTestClient(options: Partial<TrackClientOptions> = {}): TrackClient {
  return createTrackClient({ siteId: testSiteId, apiKey: testApiKey, ...options });
}

async function record(request: Request): Promise<RecordedRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const rawBody = await request.text();
  return {
    method: request.method,
    url: request.url,
    path: new URL(request.url).pathname,
    headers,
    body: parseJson(rawBody),
    rawBody,
  };
}

async function respond(scripted: ScriptedResponse): Promise<Response> {
  if (scripted.delayMs !== undefined) await delay(scripted.delayMs);
  if (scripted.connectionReset) return HttpResponse.error();
  const init = { status: scripted.status ?? 200, headers: scripted.headers };
  if (scripted.json !== undefined) return HttpResponse.json(scripted.json, init);
  return new HttpResponse(scripted.text ?? null, init);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
