/**
 * A reporting webhook endpoint as a Fetch handler, `(request) => Promise<Response>`, which Node (see
 * src/http/node-listener.ts), Bun, Deno, workers and Next.js route handlers all accept.
 *
 * Customer.io waits 4 seconds for a 2xx, then retries with backoff for seven days, and holds back
 * every later webhook meanwhile. So the answer is 2xx as soon as `onEvents` resolves; a 5xx when it
 * throws, without remembering the event, so the retry handles it; a 4xx only for a request that no
 * retry can make acceptable (wrong method, bad signature, too large, malformed).
 */
import { ConfigError } from '../errors.js';
import type { TrackMessage } from '../mapping/messages.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import { createMemoryDedupeStore, resolveDedupeStore, type WebhookDedupeStore } from './dedupe-store.js';
import { WebhookPayloadError, WebhookSignatureError } from './errors.js';
import type { WebhookEventNaming } from './event-names.js';
import { positiveInteger } from './option-checks.js';
import { parseReportingWebhook } from './parse-webhook.js';
import type { ReportingWebhook } from './payload-schema.js';
import { readBodyWithin } from './read-body.js';
import {
  checkSigningKey,
  resolveToleranceSeconds,
  verifyWebhookSignature,
  webhookSignatureHeader,
  webhookTimestampHeader,
} from './signature.js';
import { resolveNaming, toSegmentEvents } from './to-segment-events.js';

/** What `onEvents` is told besides the events. */
export interface WebhookEventsContext {
  /** The webhook the events come from, as parsed. */
  webhook: ReportingWebhook;
}

/** Receives the events of one webhook; the webhook is answered 2xx once it resolves, 5xx if it throws. */
export type WebhookEventsHandler = (events: TrackMessage[], context: WebhookEventsContext) => unknown;

/** Where a failure the response cannot show in full happened. */
export type WebhookFailureStage = 'on_events' | 'dedupe_store';

export interface WebhookHandlerOptions {
  /** The signing key shown on Customer.io's reporting webhook settings page. */
  signingKey: string;
  /**
   * Called with the events of each new, verified webhook (none when nothing names the person). Its
   * promise is awaited; keep it under Customer.io's 4-second timeout.
   */
  onEvents: WebhookEventsHandler;
  /**
   * Where handled `event_id`s are remembered, so a redelivered webhook reaches `onEvents` once; `false`
   * hands every delivery to `onEvents`. Share one store between processes that serve the same webhook.
   * @default createMemoryDedupeStore(), 100000 ids for 7 days and 1 hour
   */
  dedupe?: WebhookDedupeStore | false;
  /**
   * Which event names to produce (see event-names.ts).
   * @default 'segment-spec'
   */
  naming?: WebhookEventNaming;
  /**
   * How far the `X-CIO-Timestamp` may be from now, in seconds, in either direction.
   * @default 300
   */
  toleranceSeconds?: number;
  /**
   * Largest body accepted, in bytes; a larger one is answered 413 without being read further.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
  /** Told of a failure answered with a 5xx, for logging: `onEvents` threw, or the dedupe store did. */
  onError?: (error: unknown, context: { stage: WebhookFailureStage; webhook: ReportingWebhook }) => void;
  /**
   * The clock, in milliseconds since the epoch, for the replay window.
   * @default Date.now
   */
  now?: () => number;
}

const webhookHandlerOptionKeys = {
  signingKey: true,
  onEvents: true,
  dedupe: true,
  naming: true,
  toleranceSeconds: true,
  maxBodyBytes: true,
  onError: true,
  now: true,
} as const satisfies OptionKeys<WebhookHandlerOptions>;

export const defaultMaxBodyBytes = 1_048_576;

/** A response to be: each waiting duplicate gets a Response of its own, since a body is read once. */
interface Outcome {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Creates the endpoint. Options are checked at once; a wrong one throws ConfigError.
 * @example
 * const handler = createWebhookHandler({ signingKey, onEvents: forwardTo(destination) });
 * export const POST = handler; // a Next.js route handler
 */
export function createWebhookHandler(
  options: WebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  checkOptionKeys(options, webhookHandlerOptionKeys);
  const { signingKey, onEvents, onError } = options;
  checkSigningKey(signingKey);
  if (typeof onEvents !== 'function') throw new ConfigError('onEvents', 'must be a function');
  const naming = resolveNaming(options.naming);
  const toleranceSeconds = resolveToleranceSeconds(options.toleranceSeconds);
  const maxBodyBytes = positiveInteger('maxBodyBytes', options.maxBodyBytes, defaultMaxBodyBytes, 'bytes');
  const store = resolveDedupeStore(options.dedupe, createMemoryDedupeStore);
  const now = options.now ?? Date.now;
  // Deliveries of one event_id being handled in this process: a duplicate waits for the first.
  const pending = new Map<string, Promise<Outcome>>();

  const report = (error: unknown, stage: WebhookFailureStage, webhook: ReportingWebhook) => {
    try {
      onError?.(error, { stage, webhook });
    } catch {
      // A failing logger must not change the answer.
    }
  };

  const handle = async (webhook: ReportingWebhook, events: TrackMessage[]): Promise<Outcome> => {
    const eventId = webhook.event_id;
    if (store !== undefined) {
      let claim: Awaited<ReturnType<WebhookDedupeStore['claim']>>;
      try {
        claim = await store.claim(eventId);
      } catch (error) {
        report(error, 'dedupe_store', webhook);
        return { status: 503, body: { error: 'dedupe_store_failed' } };
      }
      if (claim === 'done') return duplicate;
      if (claim === 'in_flight') return { status: 409, body: { error: 'in_flight', event_id: eventId } };
    }
    try {
      await onEvents(events, { webhook });
    } catch (error) {
      report(error, 'on_events', webhook);
      await settle(
        () => store?.release(eventId),
        (failure) => report(failure, 'dedupe_store', webhook),
      );
      return { status: 500, body: { error: 'on_events_failed', event_id: eventId } };
    }
    await settle(
      () => store?.complete(eventId),
      (failure) => report(failure, 'dedupe_store', webhook),
    );
    return { status: 200, body: { status: 'processed', event_id: eventId, events: events.length } };
  };

  return async (request) => {
    if (request.method !== 'POST') {
      return respond({ status: 405, body: { error: 'method_not_allowed' } }, { allow: 'POST' });
    }
    const read = await readBodyWithin(request, maxBodyBytes);
    if (!read.ok) {
      return respond({ status: 413, body: { error: 'payload_too_large', max_bytes: maxBodyBytes } });
    }

    let webhook: ReportingWebhook;
    try {
      verifyWebhookSignature({
        rawBody: read.bytes,
        timestamp: request.headers.get(webhookTimestampHeader),
        signature: request.headers.get(webhookSignatureHeader),
        signingKey,
        toleranceSeconds,
        now: now(),
      });
      webhook = parseReportingWebhook(read.bytes);
    } catch (error) {
      if (error instanceof WebhookSignatureError) {
        return respond({
          status: 401,
          body: { error: error.code, reason: error.reason, message: error.message },
        });
      }
      if (error instanceof WebhookPayloadError) {
        return respond({ status: 400, body: { error: error.code, issues: error.issues } });
      }
      throw error;
    }

    const events = toSegmentEvents(webhook, { naming });
    if (store === undefined) return respond(await handle(webhook, events));
    const first = pending.get(webhook.event_id);
    if (first !== undefined) {
      const outcome = await first;
      return respond(outcome.status === 200 ? duplicate : outcome);
    }
    const handling = handle(webhook, events).finally(() => pending.delete(webhook.event_id));
    pending.set(webhook.event_id, handling);
    return respond(await handling);
  };
}

const duplicate: Outcome = { status: 200, body: { status: 'duplicate' } };

function respond(outcome: Outcome, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(outcome.body), {
    status: outcome.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

/** Runs a store call to its end; a failure is reported, not thrown, since the answer is decided. */
async function settle(call: () => unknown, onFailure: (error: unknown) => void): Promise<void> {
  try {
    await call();
  } catch (error) {
    onFailure(error);
  }
}
