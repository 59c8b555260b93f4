/**
 * How many attributes one person identify carries (`maxTraitsPerIdentify`, `traitOverflow`), and
 * splitting identify operations that would be over the 32 KB a v2 operation may be.
 */
import { type Attributes, describeNames, isRecord } from './limits-attributes.js';
import { attributesPath, type LimitContext, type OperationPlace, trackLimits } from './limits-context.js';
import { jsonBytes, utf8Length } from './limits-utf8.js';
import {
  InvalidMessageError,
  type MessageProblem,
  OversizeError,
  TraitLimitError,
} from './mapping-errors.js';
import { operationJson } from './operation-json.js';
import type { ResolvedMappingOptions } from './options.js';

/** An identify-like operation body (person identify, object identify or identify_anonymous), loosely typed. */
export type IdentifyBody = Record<string, unknown> & { attributes?: Attributes };

/** Attributes that go in the first identify of a split, and are kept first under `drop`. */
const reservedAttributes: ReadonlySet<string> = new Set([
  'email',
  'created_at',
  'unsubscribed',
  'anonymous_id',
  'id',
]);

/**
 * `_update: true` makes an identify update an existing person only. It goes in every part of a split,
 * since a part without it could create the person the message meant to leave alone; it is kept first
 * under `drop` for the same reason. Like every attribute, it counts towards the limit.
 */
const updateOnly = '_update';

type Entry = [name: string, value: unknown];

/**
 * The identify operations `count` attributes become under `split`, by count alone: `_update` (when
 * `update`) goes in every one of them. Infinity when no split can keep `_update` beside another.
 */
function partsByCount(count: number, update: boolean, limit: number): number {
  if (count <= limit) return 1;
  if (!update) return Math.ceil(count / limit);
  return limit > 1 ? Math.ceil((count - 1) / (limit - 1)) : Number.POSITIVE_INFINITY;
}

/**
 * The problem with an identify whose traits, counted as given (`count` attributes, `_update` among
 * them when `update`), would need more than `maxOperationsPerIdentify` operations under `split`; undefined
 * when they fit, or when another policy keeps them to one operation. Decided before any trait is copied.
 */
export function operationsProblem(
  count: number,
  update: boolean,
  options: ResolvedMappingOptions,
): MessageProblem | undefined {
  const { maxTraitsPerIdentify: limit, maxOperationsPerIdentify: most, traitOverflow } = options;
  // With a limit of 1 and `_update`, TraitLimitError says why no split is possible.
  if (traitOverflow !== 'split' || count <= limit || (update && limit === 1)) return undefined;
  if (partsByCount(count, update, limit) <= most) return undefined;
  const room = update ? 1 + most * (limit - 1) : most * limit;
  return {
    path: 'traits',
    rule: 'max_operations',
    limit: most,
    message: `has ${count} traits: at most ${room} fit in the ${most} identify operations maxOperationsPerIdentify allows, of ${limit} (maxTraitsPerIdentify) each`,
  };
}

/**
 * Refuses a person identify made into more than `maxOperationsPerIdentify` operations, by count and by
 * size: the check before the copy counts traits as given, this one what is sent.
 */
export function checkOperationCount(
  parts: readonly IdentifyBody[],
  place: OperationPlace,
  context: LimitContext,
): void {
  const most = context.options.maxOperationsPerIdentify;
  if (parts.length <= most) return;
  throw new InvalidMessageError(
    [
      {
        path: attributesPath(place),
        rule: 'max_operations',
        limit: most,
        message: `would be sent in ${parts.length} identify operations (by maxTraitsPerIdentify, and within the ${trackLimits.entityBytes} bytes Customer.io takes in one operation), more than the ${most} maxOperationsPerIdentify allows`,
      },
    ],
    context.ref,
  );
}

/**
 * Applies `maxTraitsPerIdentify` to a person identify whose attribute names and values are already
 * within their limits. Every attribute counts, `_update` and `cio_subscription_preferences` included,
 * as Customer.io counts them. Returns the operations to send in its place.
 */
export function limitTraitCount(
  body: IdentifyBody,
  place: OperationPlace,
  context: LimitContext,
): IdentifyBody[] {
  const attributes = body.attributes;
  const limit = context.options.maxTraitsPerIdentify;
  if (!isRecord(attributes)) return [body];
  // Counted before listing them as entries, which most identifies, within the limit, never need.
  if (Object.keys(attributes).length <= limit) return [body];
  const entries = Object.entries(attributes);

  const policy = context.options.traitOverflow;
  if (policy === 'error') throw new TraitLimitError(entries.length, limit, context.ref);
  const { update, ordered } = orderForLimit(entries);
  const field = attributesPath(place);

  if (policy === 'drop') {
    const room = limit - update.length;
    const kept = [...update, ...ordered.slice(0, room)];
    const dropped = ordered.slice(room).map(([name]) => name);
    context.warn(
      'trait_limit_drop',
      field,
      `The identify carries ${entries.length} attributes, more than maxTraitsPerIdentify (${limit}); it kept the first ${limit} (reserved attributes first, then in message order) and left out ${describeNames(dropped)}.`,
    );
    return [{ ...body, attributes: Object.fromEntries(kept) }];
  }

  const room = limit - update.length;
  // With a limit of 1, `_update` would fill every part; no split keeps its meaning.
  if (room < 1) throw new TraitLimitError(entries.length, limit, context.ref);
  const chunks: Entry[][] = [];
  for (let start = 0; start < ordered.length; start += room) {
    chunks.push([...update, ...ordered.slice(start, start + room)]);
  }
  context.warn(
    'trait_limit_split',
    field,
    `The identify carries ${entries.length} attributes, more than maxTraitsPerIdentify (${limit}); they were sent in ${chunks.length} identify operations for the same person, reserved attributes in the first.`,
  );
  return chunks.map((chunk, index) => partOf(body, chunk, index === 0));
}

/**
 * Splits identify-like operations whose JSON is over 32 KB into several with the same identifiers,
 * each within it, with one warning. Attributes keep their order; relationships go with the first
 * part; `_update` goes in every part. An operation that cannot fit even with a single attribute per
 * part throws `OversizeError` for the whole operation.
 */
export function splitBySize(
  bodies: IdentifyBody[],
  place: OperationPlace,
  context: LimitContext,
): IdentifyBody[] {
  const limit = trackLimits.entityBytes;
  let largest = 0;
  const split: IdentifyBody[] = [];
  for (const body of bodies) {
    // Remembered: a body kept whole is sent as this same JSON (operation-json.ts).
    const { bytes } = operationJson(body);
    if (bytes <= limit) {
      split.push(body);
      continue;
    }
    largest = Math.max(largest, bytes);
    for (const part of splitOne(body, bytes, context)) split.push(part);
  }
  if (split.length > bodies.length) {
    const what = bodies[0]?.type === 'object' ? 'object' : 'person';
    context.warn(
      'operation_size_split',
      attributesPath(place),
      `The operation would be ${largest} bytes, over the ${limit} bytes Customer.io accepts in one v2 operation; its attributes were sent in ${split.length} operations for the same ${what}.`,
    );
  }
  return split;
}

function splitOne(body: IdentifyBody, bytes: number, context: LimitContext): IdentifyBody[] {
  const limit = trackLimits.entityBytes;
  const attributes = body.attributes;
  if (!isRecord(attributes)) throw new OversizeError('operation', bytes, limit, context.ref);

  const isPerson = body.type === 'person';
  const entries = Object.entries(attributes);
  const update = isPerson ? entries.filter(([name]) => name === updateOnly) : [];
  const rest = isPerson ? entries.filter(([name]) => name !== updateOnly) : entries;

  const parts: Entry[][] = [];
  let current: Entry[] = [];
  let size = 0;
  const start = (first: boolean) => {
    current = [...update];
    size = jsonBytes(partOf(body, update, first));
    if (size > limit) throw new OversizeError('operation', bytes, limit, context.ref);
  };
  start(true);
  for (const entry of rest) {
    // An entry adds its key, a colon and its value, and a comma when it is not the first.
    const entryBytes = utf8Length(JSON.stringify(entry[0])) + 1 + jsonBytes(entry[1]);
    if (size + entryBytes + (current.length ? 1 : 0) > limit) {
      // The first part may go out with its relationships alone when they leave no room.
      if (current.length === update.length && parts.length > 0) {
        throw new OversizeError('operation', bytes, limit, context.ref);
      }
      parts.push(current);
      start(false);
    }
    const added = entryBytes + (current.length ? 1 : 0);
    if (size + added > limit) throw new OversizeError('operation', bytes, limit, context.ref);
    current.push(entry);
    size += added;
  }
  parts.push(current);
  return parts.map((part, index) => partOf(body, part, index === 0));
}

/** `_update` apart, then reserved attributes in message order, then the others in message order. */
function orderForLimit(entries: Entry[]): { update: Entry[]; ordered: Entry[] } {
  const update = entries.filter(([name]) => name === updateOnly);
  const reserved = entries.filter(([name]) => reservedAttributes.has(name));
  const others = entries.filter(([name]) => name !== updateOnly && !reservedAttributes.has(name));
  return { update, ordered: [...reserved, ...others] };
}

/** One part of a split: the first keeps every field; later ones leave relationships to the first. */
function partOf(body: IdentifyBody, entries: Entry[], first: boolean): IdentifyBody {
  if (first) return { ...body, attributes: Object.fromEntries(entries) };
  const { cio_relationships: _relationships, ...rest } = body;
  return { ...rest, attributes: Object.fromEntries(entries) };
}
