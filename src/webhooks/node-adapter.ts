/**
 * A Fetch handler served by `node:http` (or Express, Fastify's raw server, any framework that hands
 * out IncomingMessage and ServerResponse). The body is streamed to the handler as the raw bytes that
 * arrived, which the signature needs; nothing is parsed on the way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Fetch-standard handler, such as `createWebhookHandler` returns. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** A `node:http` request listener. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Turns a Fetch handler into a `node:http` listener. Behind Express, mount it without a JSON body
 * parser, or after `express.raw({ type: 'application/json' })`: a body parsed to an object can no longer be
 * checked against its signature, and is answered 500 with that explanation.
 * @example
 * createServer(toNodeListener(createWebhookHandler({ signingKey, onEvents }))).listen(3000);
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return (incoming, outgoing) => {
    serve(handler, incoming, outgoing).catch(() => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: 'internal_error' }));
    });
  };
}

async function serve(
  handler: FetchHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  const method = incoming.method ?? 'GET';
  let body: BodyInit | null = null;
  if (method !== 'GET' && method !== 'HEAD') {
    // A framework may have read the body already (express.raw, express.text): use what it kept.
    const kept: unknown = (incoming as { body?: unknown }).body;
    if (kept instanceof Uint8Array) body = new Uint8Array(kept);
    else if (typeof kept === 'string') body = kept;
    else if (kept !== undefined && kept !== null) return answerParsedBody(outgoing);
    else body = bodyStream(incoming);
  }
  const init = { method, headers, body, duplex: 'half' } as RequestInit;
  const response = await handler(new Request(requestUrl(incoming), init));

  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, responseHeaders);
  outgoing.end(bytes);
}

/** The request's URL; a Host header that makes no URL falls back to localhost (the handler ignores it). */
function requestUrl(incoming: IncomingMessage): URL {
  const path = incoming.url ?? '/';
  try {
    return new URL(path, `http://${incoming.headers.host ?? 'localhost'}`);
  } catch {
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost');
  }
}

/**
 * The request body as a web stream that follows the reader's pace. When the reader stops early (a
 * body over the size limit), the rest is drained and dropped, so the answer can still be sent on the
 * same connection.
 */
function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  // Once the reader cancels, the stream is closed: closing or failing it again would throw.
  let open = true;
  const onData = (controller: ReadableStreamDefaultController<Uint8Array>) => (chunk: Buffer) => {
    if (!open) return;
    controller.enqueue(chunk);
    if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      incoming.on('data', onData(controller));
      incoming.once('end', () => {
        if (open) controller.close();
        open = false;
      });
      incoming.once('error', (error) => {
        if (open) controller.error(error);
        open = false;
      });
      incoming.pause();
    },
    pull() {
      incoming.resume();
    },
    cancel() {
      open = false;
      incoming.resume();
    },
  });
}

function answerParsedBody(outgoing: ServerResponse): void {
  outgoing.writeHead(500, { 'content-type': 'application/json' });
  outgoing.end(
    JSON.stringify({
      error: 'body_already_parsed',
      message:
        'The request body was parsed before the webhook handler saw it, so its signature cannot be checked. Mount the handler without a JSON body parser, or after express.raw().',
    }),
  );
}
