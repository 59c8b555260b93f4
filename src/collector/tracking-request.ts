/**
 * A Tracking API request read as Segment's servers read it: the body whatever its Content-Type (the
 * browser SDKs send `text/plain`, to spare a CORS preflight), gzipped or not, within Segment's limits,
 * then split into messages. A request the limits refuse as a whole is answered 400; a message they
 * refuse within a batch is reported and left out, and the others go on.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { readBodyWithin } from '../webhooks/read-body.js';
import { batchElementSizes } from './batch-sizes.js';

/** Segment's limits on what one request may carry. */
export const trackingLimits = {
  /** One message, as JSON: 32 KB. */
  messageBytes: 32_768,
  /** One request body, once decompressed: 500 KB. */
  requestBytes: 512_000,
  /** Messages in one batch. */
  batchMessages: 2_500,
} as const;

/** The message types, and the calls of the Tracking API by the path segments clients post to. */
export const messageTypes = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof messageTypes)[number];
export type TrackingCall = MessageType | 'batch' | 'import';

/** `/v1/<segment>`: the full names, and the one-letter paths analytics.js and its forks post to. */
export const callOfPathSegment: Readonly<Record<string, TrackingCall>> = {
  identify: 'identify',
  track: 'track',
  page: 'page',
  screen: 'screen',
  group: 'group',
  alias: 'alias',
  batch: 'batch',
  import: 'import',
  i: 'identify',
  t: 'track',
  p: 'page',
  s: 'screen',
  g: 'group',
  a: 'alias',
  b: 'batch',
};

/** Why a request is refused as a whole, as the 400 body says it. */
export interface RequestProblem {
  error:
    | 'request_too_large'
    | 'invalid_json'
    | 'invalid_body'
    | 'too_many_messages'
    | 'message_too_large'
    | 'unsupported_encoding'
    | 'invalid_gzip';
  message: string;
  /** The limit the request is over, when that is the problem. */
  limit?: { name: keyof typeof trackingLimits; max: number };
}

/** Why one message of a batch was left out. */
export interface MessageProblem {
  /** Its position in the batch. */
  index: number;
  messageId?: string;
  error: string;
  message: string;
}

export type ReadBody =
  | { ok: true; body: Record<string, unknown>; bytes: Uint8Array }
  | { ok: false; problem: RequestProblem };

const gunzipAsync = promisify(gunzip);

/** The body as a JSON object, within the request limit. */
export async function readTrackingBody(request: Request): Promise<ReadBody> {
  const limit = trackingLimits.requestBytes;
  const declared = request.headers.get('content-length');
  let raw: Uint8Array;
  if (declared !== null && /^\d+$/.test(declared)) {
    if (Number(declared) > limit) return { ok: false, problem: tooLarge() };
    // The HTTP parser holds the body to its declared length, so it can be read whole at once.
    raw = new Uint8Array(await request.arrayBuffer());
  } else {
    const read = await readBodyWithin(request, limit);
    if (!read.ok) return { ok: false, problem: tooLarge() };
    raw = read.bytes;
  }

  const encoding = request.headers.get('content-encoding')?.trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    try {
      // One byte past the limit is enough to know it is over: a small body may unpack to gigabytes.
      raw = await gunzipAsync(raw, { maxOutputLength: limit + 1 });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        return { ok: false, problem: tooLarge() };
      return { ok: false, problem: { error: 'invalid_gzip', message: 'The body is not valid gzip' } };
    }
    if (raw.byteLength > limit) return { ok: false, problem: tooLarge() };
  } else if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    return {
      ok: false,
      problem: { error: 'unsupported_encoding', message: 'Content-Encoding must be gzip or none' },
    };
  }

  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    return { ok: false, problem: { error: 'invalid_json', message: 'The body is not JSON' } };
  }
  if (!isObject(body)) {
    return { ok: false, problem: { error: 'invalid_body', message: 'The body must be a JSON object' } };
  }
  return { ok: true, body, bytes: raw };
}

function tooLarge(): RequestProblem {
  return {
    error: 'request_too_large',
    message: `The request body is over Segment's limit of 500 KB (${trackingLimits.requestBytes} bytes)`,
    limit: { name: 'requestBytes', max: trackingLimits.requestBytes },
  };
}

export type Messages =
  | {
      ok: true;
      messages: Array<{ index: number; message: Record<string, unknown> }>;
      problems: MessageProblem[];
    }
  | { ok: false; problem: RequestProblem };

/**
 * The messages of a request. A single call's body is its message, typed by the path; a batch's
 * messages each get the outer `context` and `integrations` under their own (theirs win), and the
 * outer `sentAt` when they have none.
 * @param bytes the body as sent (decompressed), whose size bounds every message's
 */
export function messagesOf(call: TrackingCall, body: Record<string, unknown>, bytes: Uint8Array): Messages {
  if (call !== 'batch' && call !== 'import') {
    if (bytes.byteLength > trackingLimits.messageBytes) {
      return { ok: false, problem: messageTooLarge() };
    }
    body.type = call;
    return { ok: true, messages: [{ index: 0, message: body }], problems: [] };
  }

  const { batch, context, integrations, sentAt } = body;
  if (!Array.isArray(batch)) {
    return { ok: false, problem: { error: 'invalid_body', message: 'A batch must have a `batch` array' } };
  }
  if (batch.length > trackingLimits.batchMessages) {
    return {
      ok: false,
      problem: {
        error: 'too_many_messages',
        message: `The batch has ${batch.length} messages; Segment's limit is ${trackingLimits.batchMessages}`,
        limit: { name: 'batchMessages', max: trackingLimits.batchMessages },
      },
    };
  }
  // Within a message's limit, the body holds no message over it.
  const checkSize = bytes.byteLength > trackingLimits.messageBytes;
  let sizes = checkSize ? batchElementSizes(bytes) : undefined;
  if (sizes !== undefined && sizes.length !== batch.length) sizes = undefined;
  const messages: Array<{ index: number; message: Record<string, unknown> }> = [];
  const problems: MessageProblem[] = [];
  batch.forEach((message: unknown, index) => {
    const problem = problemOf(message, checkSize ? (sizes?.[index] ?? jsonBytes(message)) : 0);
    if (problem !== undefined) {
      const messageId =
        isObject(message) && typeof message.messageId === 'string' ? message.messageId : undefined;
      problems.push({ index, ...(messageId === undefined ? {} : { messageId }), ...problem });
      return;
    }
    const each = message as Record<string, unknown>;
    if (isObject(context))
      each.context = isObject(each.context) ? { ...context, ...each.context } : { ...context };
    if (isObject(integrations)) {
      each.integrations = isObject(each.integrations)
        ? { ...integrations, ...each.integrations }
        : { ...integrations };
    }
    if (each.sentAt === undefined && sentAt !== undefined) each.sentAt = sentAt;
    messages.push({ index, message: each });
  });
  return { ok: true, messages, problems };
}

function problemOf(message: unknown, size: number): Omit<MessageProblem, 'index' | 'messageId'> | undefined {
  if (!isObject(message)) return { error: 'invalid_message', message: 'A message must be a JSON object' };
  if (typeof message.type !== 'string' || !(messageTypes as readonly string[]).includes(message.type)) {
    return { error: 'invalid_message', message: `\`type\` must be one of ${messageTypes.join(', ')}` };
  }
  if (size > trackingLimits.messageBytes) {
    const { error, message: text } = messageTooLarge();
    return { error, message: text };
  }
  return undefined;
}

function messageTooLarge(): RequestProblem {
  return {
    error: 'message_too_large',
    message: `The message is over Segment's limit of 32 KB (${trackingLimits.messageBytes} bytes)`,
    limit: { name: 'messageBytes', max: trackingLimits.messageBytes },
  };
}

/** A message's size as JSON, in UTF-8 bytes. */
function jsonBytes(message: unknown): number {
  const text = JSON.stringify(message);
  // Every character is at most 3 bytes in UTF-8 (a surrogate pair, 2 characters, is 4).
  return text.length * 3 <= trackingLimits.messageBytes ? text.length : Buffer.byteLength(text);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
