/**
 * The Track API as the client tests meet it: the emulator (`customerio-destination/testing`) served
 * through msw, behind a thin layer of scripted answers.
 *
 * The emulator answers every request unless a scripted answer is waiting. Scripted answers exist
 * only for what a faithful Track API never says, and so the emulator cannot: redirects, HTML and
 * plain-text error pages, empty or unknown error bodies, a body echoing the credentials back, a
 * region it does not know, a malformed Retry-After.
 */
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { snapshotRequest } from '../../src/client/redact.js';
import { createTrackClient, type TrackClient, type TrackClientOptions } from '../../src/index.js';
import {
  createTrackApiEmulator,
  type EmulatedRequest,
  type TrackApiEmulator,
  type TrackApiEmulatorOptions,
} from '../../src/testing/index.js';
import { mswHandlers } from '../../src/testing/msw.js';
import { parseJson } from '../../src/testing/request-log.js';

export const usTrackUrl = 'https://track.customer.io';
export const euTrackUrl = 'https://track-eu.customer.io';
/** A loopback base URL, as a local emulator or proxy would have. */
export const localBaseUrl = 'http://127.0.0.1:4010';

export const testSiteId = 'test-site-0042';
/** A Track API key of the short (20-character) form. */
export const testApiKey = 'ab12cd34ef56ab78cd90';
/** A Track API key of the long (64-character) form. */
export const testApiKey64 = 'f00dfacecafebeef0123456789abcdef0123456789abcdeffeedc0ffee987654';

export interface ScriptedAnswer {
  /** @default 200 */
  status?: number;
  /** A JSON body. With neither `json` nor `text`, the body is empty. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** What a test states about a request the emulator took: what went out, the operation it reached, its status. */
export type SentRequest = Pick<
  EmulatedRequest,
  'method' | 'url' | 'path' | 'headers' | 'body' | 'bodyText' | 'operation' | 'status'
>;

/** A request a scripted answer took, kept as the emulator keeps its own: Authorization redacted. */
export type ScriptedRequest = Pick<EmulatedRequest, 'method' | 'url' | 'headers' | 'body' | 'bodyText'>;

export interface TrackApi {
  /** The emulator answering the current test: the file's own, or the one `emulate()` put in its place. */
  readonly emulator: TrackApiEmulator;
  /** The emulator's log as tests state it; the emulator's own entries also hold params, fault and more. */
  sent(): SentRequest[];
  /** Requests that took a scripted answer, in order. The emulator logs the others. */
  readonly scripted: readonly ScriptedRequest[];
  /** Answers the next requests, whatever their URL, with these answers, one each. */
  answerNext(...answers: ScriptedAnswer[]): void;
  /**
   * Puts a fresh emulator, made with these options over the file's, in place of the file's until
   * the end of the test: for faults, other credentials, a region or another base URL.
   */
  emulate(options: TrackApiEmulatorOptions): TrackApiEmulator;
  /** The msw server; `server.close()` stops intercepting until `listen()`. */
  readonly server: SetupServer;
  listen(): void;
}

/**
 * Serves an emulator that accepts the test credentials (`testSiteId`, `testApiKey` unless the
 * options say otherwise) for the enclosing describe block. Scripted answers, `emulate()` and both
 * logs are forgotten after each test.
 */
export function useTrackApi(options: TrackApiEmulatorOptions = {}): TrackApi {
  const fileOptions = { siteId: testSiteId, apiKey: testApiKey, ...options };
  const fileEmulator = createTrackApiEmulator(fileOptions);
  let current = fileEmulator;
  const queued: ScriptedAnswer[] = [];
  const scripted: ScriptedRequest[] = [];

  // First in line: it answers only when an answer is queued, else msw moves on to the emulator.
  const scriptedAnswers = http.all('*', async ({ request }) => {
    const answer = queued.shift();
    if (!answer) return undefined;
    scripted.push(await record(request));
    return respond(answer);
  });
  const server = setupServer(scriptedAnswers, ...mswHandlers(fileEmulator));
  const listen = () => server.listen({ onUnhandledRequest: 'error' });

  beforeAll(listen);
  afterEach(() => {
    queued.length = 0;
    scripted.length = 0;
    current = fileEmulator;
    fileEmulator.reset();
    server.resetHandlers(scriptedAnswers, ...mswHandlers(fileEmulator));
  });
  afterAll(() => server.close());

  return {
    get emulator() {
      return current;
    },
    sent: () =>
      current.requests.map(({ method, url, path, headers, body, bodyText, operation, status }) => ({
        method,
        url,
        path,
        headers,
        body,
        bodyText,
        operation,
        status,
      })),
    scripted,
    answerNext: (...answers) => queued.push(...answers),
    emulate(overrides) {
      current = createTrackApiEmulator({ ...fileOptions, ...overrides });
      server.resetHandlers(scriptedAnswers, ...mswHandlers(current));
      return current;
    },
    server,
    listen,
  };
}

/** A client with the test credentials; US host unless the options say otherwise. */
export function createTestClient(options: Partial<TrackClientOptions> = {}): TrackClient {
  return createTrackClient({ siteId: testSiteId, apiKey: testApiKey, ...options });
}

async function record(request: Request): Promise<ScriptedRequest> {
  const { method, url, headers } = snapshotRequest(request);
  const bodyText = await request.text();
  return { method, url, headers, body: parseJson(bodyText), bodyText };
}

function respond(answer: ScriptedAnswer): Response {
  const init = { status: answer.status ?? 200, headers: answer.headers };
  if (answer.json !== undefined) return HttpResponse.json(answer.json, init);
  return new HttpResponse(answer.text ?? null, init);
}
