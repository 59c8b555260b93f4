/**
 * A Fetch handler served by `node:http` (or Express, Fastify's raw server, any framework that hands
 * out IncomingMessage and ServerResponse), through Hono's Node adapter (`@hono/node-server`). Its
 * requests read their body straight from the socket, as the raw bytes that arrived (which a webhook
 * signature needs), without building a web stream unless the handler asks for one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** What the server knows of a request's connection, which a Fetch `Request` does not carry. */
export interface ConnectionInfo {
  /** The peer's IP address, as the socket reports it. */
  remoteAddress?: string | undefined;
}

/**
 * A Fetch-standard handler, such as `createWebhookHandler` and `createCollector` return. The second
 * argument is optional: handlers that need the client's address read it there.
 */
export type FetchHandler = (request: Request, connection?: ConnectionInfo) => Promise<Response>;

/** A `node:http` request listener. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/** How the listener treats the process's globals; not part of the public entry points. */
export interface NodeListenerSettings {
  /**
   * Replaces the global `Request` and `Response` with Hono's lighter ones, which cost a fraction of
   * undici's. Only for a process that is the server's own (`customerio-destination serve`): a library
   * mounted in someone else's process must not change its globals.
   * @default false
   */
  lightweightGlobals?: boolean;
}

/**
 * Turns a Fetch handler into a `node:http` listener. Behind Express, mount it without a JSON body
 * parser, or after `express.raw({ type: 'application/json' })`: a body parsed to an object can no longer be
 * checked against its signature, and is answered 500 with that explanation.
 * @example
 * createServer(toNodeListener(createWebhookHandler({ signingKey, onEvents }))).listen(3000);
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return nodeListener(handler, {});
}

/** `toNodeListener`, with settings for a process of its own. */
export function nodeListener(handler: FetchHandler, settings: NodeListenerSettings): NodeListener {
  const listener = getRequestListener(
    (request, bindings) => {
      const incoming = (bindings as { incoming: IncomingMessage }).incoming;
      return handler(request, { remoteAddress: incoming.socket?.remoteAddress });
    },
    {
      overrideGlobalObjects: settings.lightweightGlobals === true,
      errorHandler: () => jsonResponse(500, { error: 'internal_error' }),
    },
  );
  return (incoming, outgoing) => {
    // A framework may have read the body already (express.raw, express.text): use what it kept.
    const kept: unknown = (incoming as { body?: unknown }).body;
    if (kept !== undefined && kept !== null && incoming.method !== 'GET' && incoming.method !== 'HEAD') {
      if (kept instanceof Uint8Array || typeof kept === 'string') {
        // Hono's adapter reads `rawBody` instead of the socket, as Google Cloud Functions provide it.
        Object.assign(incoming, {
          rawBody: typeof kept === 'string' ? Buffer.from(kept) : Buffer.from(kept),
        });
      } else {
        answerParsedBody(outgoing);
        return;
      }
    }
    void listener(incoming, outgoing);
  };
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function answerParsedBody(outgoing: ServerResponse): void {
  outgoing.writeHead(500, { 'content-type': 'application/json' });
  outgoing.end(
    JSON.stringify({
      error: 'body_already_parsed',
      message:
        'The request body was parsed before the handler saw it, so the bytes that were sent (which a webhook signature covers) are gone. Mount the handler without a JSON body parser, or after express.raw().',
    }),
  );
}
