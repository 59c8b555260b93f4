/**
 * Customer.io's limits applied to mapped operations, under the user's policies. Pure: the input is
 * never changed, and every change made to the user's data comes back as a warning naming the field.
 *
 * Policy decisions (see each rule's module for details):
 * - Every attribute of a person identify counts towards `maxTraitsPerIdentify`, `_update` and
 *   `cio_subscription_preferences` included, as Customer.io counts them. A person identify that would
 *   become more than `maxOperationsPerIdentify` operations, by count and by size, throws
 *   InvalidMessageError (rule `max_operations`). `split` puts the reserved
 *   attributes (`email`, `created_at`, `unsubscribed`, `anonymous_id`, `id`) in the first part and
 *   repeats `_update` in every part; `drop` keeps `_update`, then reserved attributes, then the rest in
 *   message order.
 * - Attribute names over 150 bytes are never shortened (two could collide): left out with a warning
 *   under `truncate` and `drop`, `OversizeError` under `error`. The same goes for object and array
 *   values over 1000 bytes of JSON, and for a person's `id`, `email` or `anonymous_id` values.
 * - Event and screen names over 100 bytes: shortened under `truncate`, `OversizeError` under `drop` and
 *   `error`. Page names are URLs and are left alone.
 * - Event data over 100000 bytes, and object or relationship attributes over 100 KB, throw
 *   `OversizeError` under every policy.
 * - An identify-like operation over the 32 KB a v2 operation may be is split into several for the
 *   same person or object, whatever `traitOverflow` says: nothing is lost and nothing else can send it.
 *   Any other operation over 32 KB throws, except events, page and screen views, which are sent through
 *   v1 when their data is over 32 KB.
 */

import {
  checkAttributesTotal,
  isRecord,
  limitAttributeSet,
  limitRelationships,
} from './limits-attributes.js';
import {
  attributesPath,
  checkLimitOptions,
  LimitContext,
  type OperationPlace,
  type OperationSource,
  trackLimits,
} from './limits-context.js';
import { type ActivityBody, limitActivity } from './limits-events.js';
import { checkOperationCount, type IdentifyBody, limitTraitCount, splitBySize } from './limits-identify.js';
import { type MessageRef, OversizeError } from './mapping-errors.js';
import { operationJson } from './operation-json.js';
import type { EntityTrackOperation, MappingWarning, TrackOperation } from './operations.js';
import type { ResolvedMappingOptions } from './options.js';

export type { OperationSource } from './limits-context.js';
export { trackLimits } from './limits-context.js';
export { truncateUtf8, utf8Length } from './limits-utf8.js';

/** One mapped operation and where in the message its parts came from. */
export interface MappedOperation {
  operation: TrackOperation;
  source: OperationSource;
}

type EntityBody = EntityTrackOperation['body'];
type LooseBody = Record<string, unknown>;

/**
 * Applies Customer.io's limits to the operations mapped from one message.
 * @returns the operations in order, split ones in place, and a warning for every change made
 * @throws ConfigError when an option is out of range; TraitLimitError or OversizeError when the
 *   message cannot be sent within the limits under the policies chosen
 */
export function applyLimits(
  mapped: MappedOperation[],
  options: ResolvedMappingOptions,
  ref: MessageRef,
): { operations: TrackOperation[]; warnings: MappingWarning[] } {
  checkLimitOptions(options);
  const context = new LimitContext(options, ref);
  const operations: TrackOperation[] = [];
  for (const { operation, source } of mapped) {
    if (operation.endpoint !== 'entity') {
      operations.push(operation);
      continue;
    }
    const place: OperationPlace = { source, at: `operations[${operations.length}]` };
    const bodies = limitEntity(operation.body, place, context);
    if (bodies.length === 1 && bodies[0] === operation.body) operations.push(operation);
    else for (const body of bodies) operations.push({ ...operation, body });
  }
  return { operations, warnings: context.warnings };
}

function limitEntity(body: EntityBody, place: OperationPlace, context: LimitContext): EntityBody[] {
  const loose = body as LooseBody;
  if (
    body.type === 'person' &&
    (body.action === 'event' || body.action === 'page' || body.action === 'screen')
  ) {
    return [limitActivity(loose as ActivityBody, place, context) as EntityBody];
  }
  const identifyLike =
    body.action === 'identify' || (body.type === 'object' && body.action === 'identify_anonymous');
  if (identifyLike) return limitIdentify(loose as IdentifyBody, place, context) as EntityBody[];
  return [checkEntitySize(withLimitedRelationships(loose, place, context), context) as EntityBody];
}

/** Person identify, object identify and identify_anonymous: attribute limits, count, then size. */
function limitIdentify(body: IdentifyBody, place: OperationPlace, context: LimitContext): IdentifyBody[] {
  const person = body.type === 'person';
  let limited = body;
  if (isRecord(body.attributes)) {
    const path = attributesPath(place);
    const attributes = limitAttributeSet(body.attributes, { path, person }, context);
    if (!person) checkAttributesTotal(attributes, path, context);
    if (attributes !== body.attributes) limited = { ...body, attributes };
  }
  limited = withLimitedRelationships(limited, place, context);
  if (!person) return splitBySize([limited], place, context);
  const byCount = limitTraitCount(limited, place, context);
  checkOperationCount(byCount, place, context);
  const parts = splitBySize(byCount, place, context);
  checkOperationCount(parts, place, context);
  return parts;
}

function withLimitedRelationships<T extends LooseBody>(
  body: T,
  place: OperationPlace,
  context: LimitContext,
): T {
  if (!('cio_relationships' in body)) return body;
  const relationships = limitRelationships(body.cio_relationships, place, context);
  return relationships === body.cio_relationships ? body : { ...body, cio_relationships: relationships };
}

/** Any other operation must fit in one v2 operation as it is: nothing in it can be split or shortened. */
function checkEntitySize(body: LooseBody, context: LimitContext): LooseBody {
  // Remembered: delivery sends this same JSON (operation-json.ts).
  const { bytes } = operationJson(body);
  if (bytes > trackLimits.entityBytes)
    throw new OversizeError('operation', bytes, trackLimits.entityBytes, context.ref);
  return body;
}
