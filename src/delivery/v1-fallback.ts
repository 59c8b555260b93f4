/**
 * Operations over the 32 KB a v2 operation may be, sent through the v1 endpoint that takes the same
 * change: a person identify with flat attributes (`PUT /api/v1/customers/{identifier}`), and events, page
 * and screen views with up to 100000 bytes of data (`POST /api/v1/customers/{identifier}/events`, or
 * `POST /api/v1/events` when anonymous). Anything else cannot be sent: it becomes an OversizeError
 * naming the 32 KB limit (or the v1 limit it breaks).
 */
import type { components } from '../../generated/track-api.js';
import type { CustomerIoError } from '../errors.js';
import { OversizeError } from '../mapping/mapping-errors.js';
import type { EntityTrackOperation } from '../mapping/operations.js';
import { entityLimitBytes } from './options.js';

type Schemas = components['schemas'];
type PersonIdentifiers = Schemas['PersonIdentifiers'];

/** A v1 request that carries one operation on its own. */
export type V1Request =
  | { endpoint: 'identifyPerson'; identifier: string; body: Schemas['V1PersonAttributes'] }
  | { endpoint: 'trackEvent'; identifier: string; body: Schemas['V1PersonEvent'] }
  | { endpoint: 'trackAnonymousEvent'; body: Schemas['V1AnonymousEvent'] };

/** What the fallback needs to know of the message besides the operation. */
export interface FallbackContext {
  messageId: string | undefined;
  /** The message's `anonymousId`: a v1 screen view of a known person must carry it. */
  anonymousId?: string | undefined;
}

/** Customer.io's v1 limits that v2 operations do not share, in UTF-8 bytes. */
const v1Limits = { eventDataBytes: 100_000, eventNameBytes: 100 } as const;

/**
 * The v1 request for an operation too large for v2, or the error that says why it cannot be sent.
 * @param bytes the operation's size as JSON, in UTF-8 bytes
 */
export function v1Fallback(
  operation: EntityTrackOperation,
  bytes: number,
  context: FallbackContext,
): V1Request | CustomerIoError {
  const ref = context.messageId === undefined ? {} : { messageId: context.messageId };
  const tooLarge = new OversizeError('operation', bytes, entityLimitBytes, ref);
  const body = operation.body;
  if (body.type !== 'person') return tooLarge;
  switch (body.action) {
    case 'identify':
      return identifyRequest(body, tooLarge);
    case 'event':
    case 'page':
    case 'screen':
      return activityRequest(body, context, tooLarge, ref);
    default:
      return tooLarge;
  }
}

function identifyRequest(
  body: Schemas['PersonIdentify'],
  tooLarge: OversizeError,
): V1Request | OversizeError {
  const identifier = pathIdentifier(body.identifiers);
  // v1 takes relationships nowhere, and only flat values as attributes (our spec says so).
  if (identifier === undefined || (body.cio_relationships?.length ?? 0) > 0) return tooLarge;
  const attributes: Record<string, unknown> = { ...body.attributes };
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'cio_subscription_preferences' || isFlat(value)) continue;
    return tooLarge;
  }
  if (body.timestamp !== undefined) attributes._timestamp = body.timestamp;
  return { endpoint: 'identifyPerson', identifier, body: attributes as Schemas['V1PersonAttributes'] };
}

type ActivityBody = Schemas['PersonEvent'] | Schemas['PersonPage'] | Schemas['PersonScreen'];

function activityRequest(
  body: ActivityBody,
  context: FallbackContext,
  tooLarge: OversizeError,
  ref: { messageId?: string },
): V1Request | OversizeError {
  if (body.attributes !== undefined) {
    const dataBytes = Buffer.byteLength(JSON.stringify(body.attributes), 'utf8');
    if (dataBytes > v1Limits.eventDataBytes)
      return new OversizeError('attributes', dataBytes, v1Limits.eventDataBytes, ref);
  }
  const common = {
    name: body.name,
    ...(body.id === undefined ? {} : { id: body.id }),
    ...(body.timestamp === undefined ? {} : { timestamp: body.timestamp }),
    ...(body.attributes === undefined ? {} : { data: body.attributes }),
  };
  if ('anonymous_id' in body.identifiers) {
    // The anonymous endpoint limits every name to 100 bytes, page URLs included.
    const nameBytes = Buffer.byteLength(body.name, 'utf8');
    if (nameBytes > v1Limits.eventNameBytes)
      return new OversizeError('name', nameBytes, v1Limits.eventNameBytes, ref);
    return {
      endpoint: 'trackAnonymousEvent',
      body: { anonymous_id: body.identifiers.anonymous_id, type: body.action, ...common },
    };
  }
  const identifier = pathIdentifier(body.identifiers);
  if (identifier === undefined) return tooLarge;
  switch (body.action) {
    case 'event':
      return { endpoint: 'trackEvent', identifier, body: common };
    case 'page':
      return { endpoint: 'trackEvent', identifier, body: { ...common, type: 'page' } };
    case 'screen':
      // Customer.io's schema for a v1 screen view requires the person's anonymous id (one of its
      // examples leaves it out, which our spec accepts): without one it is not sent this way.
      if (context.anonymousId === undefined) return tooLarge;
      return {
        endpoint: 'trackEvent',
        identifier,
        body: { ...common, type: 'screen', anonymous_id: context.anonymousId },
      };
  }
}

/**
 * The `{identifier}` path segment for a person. Customer.io infers its kind from its shape, so an id
 * that looks like an email or starts with `cio_` would name someone else: those have no v1 path.
 */
function pathIdentifier(identifiers: PersonIdentifiers | { anonymous_id: string }): string | undefined {
  if ('id' in identifiers && typeof identifiers.id === 'string') {
    return identifiers.id.includes('@') || identifiers.id.startsWith('cio_') ? undefined : identifiers.id;
  }
  if ('email' in identifiers && typeof identifiers.email === 'string') return identifiers.email;
  if ('cio_id' in identifiers && typeof identifiers.cio_id === 'string') return `cio_${identifiers.cio_id}`;
  return undefined;
}

/** A value v1 takes as an attribute: a string, an integer or a boolean. */
function isFlat(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || Number.isInteger(value);
}
