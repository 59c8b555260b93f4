/**
 * The emulator served by a real node:http server, for clients that do not go through msw (another
 * process, a real HTTP stack). It listens on loopback addresses only: the emulator accepts fixed,
 * published credentials and must never be reachable from another machine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from './handle-request.js';

export interface ListenOptions {
  /**
   * The TCP port; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * A loopback address or name: `127.0.0.1` (any of 127.0.0.0/8), `::1` or `localhost`. Any other
   * host is refused.
   * @default '127.0.0.1'
   */
  host?: string;
}

export interface LoopbackServer {
  /** The base URL to give clients, such as `http://127.0.0.1:53124`. */
  url: string;
  /** Stops listening and drops every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

export function isLoopbackListenHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

export async function serveOnLoopback(
  handle: RequestHandler,
  options: ListenOptions = {},
): Promise<LoopbackServer> {
  const { port = 0, host = '127.0.0.1' } = options;
  if (!isLoopbackListenHost(host)) {
    throw new Error(
      `Refusing to listen on ${JSON.stringify(host)}: the Track API emulator only listens on loopback addresses (127.0.0.1, ::1, localhost)`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid port ${JSON.stringify(port)}: expected a whole number from 0 to 65535`);
  }
  const server = createServer((incoming, outgoing) => {
    serve(handle, incoming, outgoing).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host.replace(/^\[(.*)\]$/, '$1'), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${hostInUrl}:${address.port}`, close: () => closeServer(server) };
}

async function serve(
  handle: RequestHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  // Aborted when the client goes away before its answer, so delays stop waiting for nobody.
  const aborted = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) aborted.abort();
  });

  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const requestHeaders = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    requestHeaders.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? 'localhost'}`);
  const request = new Request(url, {
    method,
    headers: requestHeaders,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal: aborted.signal,
  });

  const response = await handle(request);
  if (response.type === 'error') {
    // A connection reset, as a failing load balancer would: no status line, no body.
    incoming.socket.resetAndDestroy();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  outgoing.writeHead(response.status, headers);
  outgoing.end(body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // close() alone waits for keep-alive connections to go idle and time out; drop them now.
    server.closeAllConnections();
  });
}
