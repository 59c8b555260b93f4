/**
 * Running the Track API emulator in a test file: through msw (in-process interception) or through
 * its loopback server (real sockets), with the real typed client either way.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTrackClient, type TrackClient, type TrackClientOptions } from '../../src/index.js';
import {
  createTrackApiEmulator,
  type TrackApiEmulator,
  type TrackApiEmulatorOptions,
  type WorkspaceView,
} from '../../src/testing/index.js';
import { mswHandlers } from '../../src/testing/msw.js';

export type Transport = 'msw' | 'loopback';
export const transports: readonly Transport[] = ['msw', 'loopback'];

export interface EmulatorHarness {
  readonly emulator: TrackApiEmulator;
  /** A typed client with the emulator's credentials, aimed at it. */
  readonly client: TrackClient;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Another client aimed at the emulator, with option overrides. */
  clientWith(options: Partial<TrackClientOptions>): TrackClient;
  /** A plain fetch to the emulator, with its credentials unless `auth: false` or other ones are given. */
  raw(method: string, path: string, init?: RawInit): Promise<RawAnswer>;
}

export interface RawInit {
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  auth?: false | { siteId: string; apiKey: string };
  headers?: Record<string, string>;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when empty. */
  json: unknown;
}

export function basicAuth(siteId: string, apiKey: string): string {
  return `Basic ${Buffer.from(`${siteId}:${apiKey}`, 'utf8').toString('base64')}`;
}

/**
 * Registers hooks that serve a fresh emulator over the transport for the enclosing describe block,
 * reset after each test. Read the harness's properties inside tests (the loopback URL exists only
 * once listening).
 */
export function useEmulator(transport: Transport, options: TrackApiEmulatorOptions = {}): EmulatorHarness {
  const emulator = createTrackApiEmulator(options);
  const served = serve(transport, emulator);
  beforeAll(() => served.start());
  afterEach(() => emulator.reset());
  afterAll(() => served.stop());
  return harnessFor(emulator);
}

/** Serves a fresh emulator over the transport for the duration of `body` only. */
export async function withEmulator<T>(
  transport: Transport,
  options: TrackApiEmulatorOptions,
  body: (harness: EmulatorHarness) => Promise<T>,
): Promise<T> {
  const emulator = createTrackApiEmulator(options);
  const served = serve(transport, emulator);
  await served.start();
  try {
    return await body(harnessFor(emulator));
  } finally {
    await served.stop();
  }
}

function serve(transport: Transport, emulator: TrackApiEmulator) {
  let server: ReturnType<typeof setupServer> | undefined;
  return {
    async start() {
      if (transport === 'msw') {
        server = setupServer(...mswHandlers(emulator));
        server.listen({ onUnhandledRequest: 'error' });
      } else await emulator.listen();
    },
    async stop() {
      server?.close();
      await emulator.close();
    },
  };
}

function harnessFor(emulator: TrackApiEmulator): EmulatorHarness {
  const harness: EmulatorHarness = {
    emulator,
    get client() {
      return harness.clientWith({});
    },
    get baseUrl() {
      return emulator.clientOptions().baseUrl;
    },
    clientWith: (overrides) => createTrackClient({ ...emulator.clientOptions(), ...overrides }),
    async raw(method, path, init = {}) {
      const { siteId, apiKey } = init.auth === undefined ? emulator.credentials : init.auth || {};
      const headers: Record<string, string> = { ...init.headers };
      if (siteId !== undefined && apiKey !== undefined) headers.authorization = basicAuth(siteId, apiKey);
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${harness.baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: text ? JSON.parse(text) : undefined,
      };
    },
  };
  return harness;
}

/** A person's v2 identify operation, the most common item in these tests. */
export function identifyOp(id: string, attributes: Record<string, unknown> = {}) {
  return { type: 'person', identifiers: { id }, action: 'identify', attributes } as const;
}

/** Everything a workspace holds, view by view: for comparing two workspaces whole. */
export function workspaceContents(workspace: WorkspaceView) {
  return {
    people: workspace.people(),
    deleted: workspace.deletedPeople(),
    suppressed: workspace.suppressedPeople(),
    anonymous: workspace.anonymousEvents(),
    objects: workspace.objects(),
    relationships: workspace.relationships(),
    metrics: workspace.metrics(),
    unsubscribed: workspace.unsubscribedDeliveries(),
    segments: workspace.segments(),
    forms: workspace.formSubmissions(),
  };
}
