/**
 * The Track API emulator in a process of its own, for the delivery benchmark, so its work never shares
 * a core, an event loop or a heap with the client being measured. Started by `startEmulatorProcess()`
 * (bench/bench-processes.ts) through `fork`, which gives it an IPC channel.
 *
 * Validating and applying a request costs the emulator far more than sending it costs a client, so it
 * answers first and checks afterwards: a loopback node:http server reads each request's body, keeps the
 * request and answers `200 {}` at once (the emulator's answer to an accepted request). On `report`, the
 * kept requests are replayed, in order of arrival, through the emulator's request handler
 * (`emulator.fetch`, the same one `listen()` serves): each is validated and applied as it would have
 * been, off the client's clock, and the report gives the statuses the emulator answered and what its
 * workspace holds. With `replay: false` the kept requests are only counted.
 *
 * It sends `{ type: 'listening', url }`, then answers each `EmulatorCommand` with one `EmulatorReply`,
 * in order, and exits when its parent disconnects.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTrackApiEmulator, type TrackApiEmulator } from '../src/testing/index.js';

export type EmulatorCommand =
  | { id: number; type: 'reset' }
  | {
      id: number;
      type: 'report';
      /** Forget everything once reported, so a long run can report in slices. */
      reset?: boolean;
      /** Replay the kept requests through the emulator first (default true); else only count them. */
      replay?: boolean;
      /** Leave out the per-request arrays (arrival times, sizes, item counts). */
      summaryOnly?: boolean;
    };

export interface EmulatorReport {
  /** Requests received, whatever their answer. */
  requests: number;
  /** Requests by the status the emulator answered when replayed (`none`: no answer; `unreplayed`). */
  statuses: Record<string, number>;
  /** Requests by route, such as `POST /api/v2/batch`. */
  routes: Record<string, number>;
  /** Operations received: the items of each batch, else 1 a request. */
  items: number;
  /** Events the workspace holds: every person's events, and anonymous events not merged into a person. */
  storedEvents: number;
  /** People the workspace holds. */
  people: number;
  /** Request body bytes received. */
  bodyBytes: number;
  /** Arrival of each request (body complete), in milliseconds since the epoch, in order of arrival. */
  receivedAt: number[];
  /** Body size of each request in bytes, in order of arrival. */
  bodySizes: number[];
  /** Operations carried by each request, in order of arrival. */
  itemCounts: number[];
  /** Milliseconds spent replaying the requests through the emulator. */
  replayMs: number;
  /** The emulator process's resident set size when it reported, in bytes. */
  rss: number;
}

export type EmulatorReply =
  | { type: 'listening'; url: string; credentials: { siteId: string; apiKey: string } }
  | { type: 'reset'; id: number }
  | { type: 'report'; id: number; report: EmulatorReport };

/** A request as the front end kept it. */
interface KeptRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
  receivedAt: number;
}

function itemsIn(body: unknown): number {
  const batch = (body as { batch?: unknown } | undefined)?.batch;
  return Array.isArray(batch) ? batch.length : 1;
}

function parseOrUndefined(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function routeOf(method: string, path: string): string {
  // Person paths carry an identifier; keep the route's shape, not the person.
  const shape = (path.split('?')[0] ?? path).replace(
    /^\/api\/v1\/customers\/[^/]+/,
    '/api/v1/customers/{identifier}',
  );
  return `${method} ${shape}`;
}

function workspaceCounts(emulator: TrackApiEmulator): { storedEvents: number; people: number } {
  const people = emulator.workspace.people();
  let storedEvents = emulator.workspace.anonymousEvents().length;
  for (const person of people) storedEvents += person.events.length;
  return { storedEvents, people: people.length };
}

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send)
    throw new Error('bench/emulator-server.ts must be started with fork(), which gives it an IPC channel');
  const emulator = createTrackApiEmulator();

  let kept: KeptRequest[] = [];
  const ok = Buffer.from('{}');
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const headers: [string, string][] = [];
      for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
        headers.push([incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string]);
      }
      kept.push({
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers,
        body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        receivedAt: Date.now(),
      });
      outgoing.writeHead(200, { 'content-type': 'application/json', 'content-length': ok.length });
      outgoing.end(ok);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function report(command: Extract<EmulatorCommand, { type: 'report' }>): Promise<EmulatorReport> {
    const requests = kept;
    const replay = command.replay ?? true;
    const statuses: Record<string, number> = {};
    const routes: Record<string, number> = {};
    const itemCounts: number[] = [];
    let bodyBytes = 0;
    const started = performance.now();
    for (const request of requests) {
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      let status = 'unreplayed';
      let items: number;
      if (replay) {
        const response = await emulator.fetch(
          new Request(`${url}${request.path}`, {
            method: request.method,
            headers: request.headers,
            body: hasBody ? request.body.toString('utf8') : undefined,
          }),
        );
        status = response.type === 'error' ? 'none' : String(response.status);
        await response.arrayBuffer();
        items = itemsIn(emulator.requests[emulator.requests.length - 1]?.body);
      } else {
        items = hasBody ? itemsIn(parseOrUndefined(request.body)) : 1;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      const route = routeOf(request.method, request.path);
      routes[route] = (routes[route] ?? 0) + 1;
      itemCounts.push(items);
      bodyBytes += request.body.length;
    }
    const replayMs = replay ? performance.now() - started : 0;
    const summaryOnly = command.summaryOnly ?? false;
    const result: EmulatorReport = {
      requests: requests.length,
      statuses,
      routes,
      items: itemCounts.reduce((sum, count) => sum + count, 0),
      ...workspaceCounts(emulator),
      bodyBytes,
      receivedAt: summaryOnly ? [] : requests.map((request) => request.receivedAt),
      bodySizes: summaryOnly ? [] : requests.map((request) => request.body.length),
      itemCounts: summaryOnly ? [] : itemCounts,
      replayMs,
      rss: process.memoryUsage().rss,
    };
    if (command.reset) {
      // Requests that arrived while replaying stay for the next report.
      kept = kept === requests ? [] : kept.slice(requests.length);
      emulator.reset();
    }
    return result;
  }

  // One command at a time, in order: a report may take a while (replaying), and a reset must not
  // overtake it.
  let chain = Promise.resolve();
  process.on('message', (command: EmulatorCommand) => {
    chain = chain.then(async () => {
      if (command.type === 'reset') {
        kept = [];
        emulator.reset();
        send({ type: 'reset', id: command.id } satisfies EmulatorReply);
        return;
      }
      send({ type: 'report', id: command.id, report: await report(command) } satisfies EmulatorReply);
    });
  });
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  send({ type: 'listening', url, credentials: { ...emulator.credentials } } satisfies EmulatorReply);
}

await main();
