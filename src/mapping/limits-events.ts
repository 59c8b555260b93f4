/** Limits of an event, page view or screen view: its name and the size of its data. */
import {
  attributesPath,
  type LimitContext,
  namePath,
  type OperationPlace,
  trackLimits,
} from './limits-context.js';
import { jsonBytes, truncateUtf8, utf8Length } from './limits-utf8.js';
import { OversizeError } from './mapping-errors.js';
import { operationJson } from './operation-json.js';

/** An event, page or screen operation body, loosely typed. */
export type ActivityBody = Record<string, unknown> & { action: 'event' | 'page' | 'screen' };

/**
 * Applies the activity limits; returns `body` itself when nothing changed.
 *
 * - An event's or screen's name over 100 bytes is shortened under `truncate`. Under `drop` it throws
 *   like `error`: an event cannot be sent without its name. A name that would be blank once shortened
 *   (only white space in its first 100 bytes) throws too, since Customer.io refuses blank names.
 * - A page view is named by its URL, which Customer.io does not limit to 100 bytes (shortening a URL
 *   would name another page), so page names are left alone.
 * - Data over 100000 bytes as JSON throws `OversizeError` under every policy: leaving out some of an
 *   event's properties would change what it says without anyone asking for it.
 */
export function limitActivity(
  body: ActivityBody,
  place: OperationPlace,
  context: LimitContext,
): ActivityBody {
  checkDataSize(body, place, context);
  if (body.action === 'page' || typeof body.name !== 'string') return body;

  const limit = trackLimits.eventNameBytes;
  const bytes = utf8Length(body.name);
  if (bytes <= limit) return body;
  const field = namePath(place);
  if (context.options.oversize !== 'truncate') throw new OversizeError(field, bytes, limit, context.ref);
  const name = truncateUtf8(body.name, limit);
  if (name.trim() === '') throw new OversizeError(field, bytes, limit, context.ref);
  context.warn(
    'event_name_truncated',
    field,
    `The ${body.action} name is ${bytes} bytes, over Customer.io's limit of ${limit}; it was shortened to its first ${limit} bytes, without splitting a character.`,
  );
  return { ...body, name };
}

/**
 * Data over 100000 bytes throws. The whole body is serialised anyway (delivery sends that JSON,
 * remembered in operation-json.ts); when it is within the 32 KB of a v2 operation, the data inside it is
 * necessarily under 100000 bytes, so only larger bodies need their data measured on its own.
 */
function checkDataSize(body: ActivityBody, place: OperationPlace, context: LimitContext): void {
  if (body.attributes === undefined || operationJson(body).bytes <= trackLimits.entityBytes) return;
  const dataBytes = jsonBytes(body.attributes);
  if (dataBytes > trackLimits.eventDataBytes) {
    throw new OversizeError(attributesPath(place), dataBytes, trackLimits.eventDataBytes, context.ref);
  }
}
