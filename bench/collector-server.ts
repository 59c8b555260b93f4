/**
 * A server under load for the collector benchmark, in a process of its own (compiled to plain
 * JavaScript, as users run the package), started by `startCollectorServer()` (bench/bench-processes.ts)
 * through `fork`. Its first argument says which:
 *
 * - `floor`: a bare node:http server that reads the body, parses it and answers 200;
 * - `collector`: the collector as `customerio-destination serve` runs it: Hono's Node adapter with its
 *   lighter global Request and Response;
 * - `collector-mounted`: the collector through `toNodeListener`, as a library user mounts it (Hono's
 *   adapter, the process's globals untouched);
 * - `collector-undici`: the collector behind a plain node:http adapter that builds a standard `Request`
 *   (undici's) for each request and writes out the `Response`, the candidate without Hono.
 *
 * The collector's destination delivers to the sink given (the benchmark's emulator process) with its
 * options at their defaults. It sends `{ type: 'listening', url }`, then answers `{ type: 'stats' }`
 * with its peak memory and the destination's counters, and exits when its parent disconnects.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Collector, createCollector, toNodeListener } from '../src/collector/index.js';
import { nodeListener } from '../src/http/node-listener.js';

export type ServerKind = 'floor' | 'collector' | 'collector-mounted' | 'collector-undici';

export interface CollectorServerSettings {
  kind: ServerKind;
  writeKey: string;
  sink: { url: string; siteId: string; apiKey: string };
}

export type CollectorServerReply =
  | { type: 'listening'; url: string }
  | {
      type: 'stats';
      /** Highest resident set size seen, sampled every 100 ms, in bytes. */
      peakRss: number;
      /** The destination's counters (collector kinds only). */
      accepted: number;
      delivered: number;
      failed: number;
      queued: number;
    };

function floorListener(incoming: IncomingMessage, outgoing: ServerResponse): void {
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { batch: unknown[] };
    const answer = JSON.stringify({ success: true, accepted: body.batch.length });
    outgoing.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(answer),
    });
    outgoing.end(answer);
  });
}

/** The Fetch handler behind a node:http adapter that uses only the standard (undici) Request and Response. */
function undiciListener(collector: Collector) {
  return async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
      headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
    }
    const request = new Request(`http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`, {
      method: incoming.method ?? 'GET',
      headers,
      body: incoming.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    const response = await collector(request, { remoteAddress: incoming.socket.remoteAddress });
    const body = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    outgoing.writeHead(response.status, outHeaders);
    outgoing.end(body);
  };
}

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('bench/collector-server.ts must be started with fork()');
  const settings = JSON.parse(process.argv[2] as string) as CollectorServerSettings;
  let collector: Collector | undefined;
  let listener: (incoming: IncomingMessage, outgoing: ServerResponse) => unknown;
  if (settings.kind === 'floor') {
    listener = floorListener;
  } else {
    const { url, siteId, apiKey } = settings.sink;
    collector = createCollector({
      sources: [{ writeKey: settings.writeKey, destination: { siteId, apiKey, baseUrl: url } }],
    });
    listener =
      settings.kind === 'collector'
        ? nodeListener(collector, { lightweightGlobals: true })
        : settings.kind === 'collector-mounted'
          ? toNodeListener(collector)
          : undiciListener(collector);
  }
  const server = createServer(listener as (incoming: IncomingMessage, outgoing: ServerResponse) => void);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  process.on('message', (command: { type: 'stats' }) => {
    if (command.type !== 'stats') return;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const stats = collector?.stats().default;
    send({
      type: 'stats',
      peakRss,
      accepted: stats?.accepted ?? 0,
      delivered: stats?.delivered ?? 0,
      failed: stats?.failed ?? 0,
      queued: stats?.queued ?? 0,
    } satisfies CollectorServerReply);
  });
  process.on('disconnect', () => {
    clearInterval(sampler);
    server.closeAllConnections();
    server.close();
    void (collector?.close({ timeoutMs: 1000 }) ?? Promise.resolve()).then(() => process.exit(0));
  });
  send({
    type: 'listening',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  } satisfies CollectorServerReply);
}

await main();
