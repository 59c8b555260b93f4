/** What every mapper shares while mapping one message: options, the problems and warnings found so far, its time. */
import type { components } from '../../generated/track-api.js';
import { borrowedAttributes } from './borrowed-attributes.js';
import {
  type ActivityIdentifiers,
  given,
  type PersonIdentifiers,
  type PersonSources,
  type ResolvedPerson,
  resolvePerson,
} from './identifiers.js';
import type { MappedOperation, OperationSource } from './limits.js';
import { type MessageProblem, type MessageRef, OversizeError } from './mapping-errors.js';
import type { MessageContext } from './messages.js';
import { rememberOperationJson } from './operation-json.js';
import type { MappingWarning } from './operations.js';
import type { ResolvedMappingOptions } from './options.js';
import { type Check, enforceAttributeTypes, untyped } from './reserved-attributes.js';
import { type JsonObject, OverBudget, type SizeBudget, sanitizeWithin } from './sanitize.js';
import { convertAttributeTimestamps, type Instant } from './timestamps.js';

export type EntityOperation = components['schemas']['EntityOperation'];

export interface MapContext {
  readonly options: ResolvedMappingOptions;
  readonly warnings: MappingWarning[];
  /** Everything that keeps the message from being sent; mapMessage throws them together. */
  readonly problems: MessageProblem[];
  /**
   * Data found over a limit while it was copied (the copy stopped there); mapMessage throws it when the
   * message has no problem, as limits.ts would have once the copy was done.
   */
  oversize: OversizeError | undefined;
  /** Which message this is, for errors. */
  readonly ref: MessageRef;
  /** When the message happened, when that can be read. */
  readonly time: Instant | undefined;
  /** The message as given, hashed into the dedupe id of a message without messageId. */
  readonly input: unknown;
  /**
   * Whether attributes may be the message's own objects instead of copies (borrowed-attributes.ts): only
   * for a caller that serialises the bodies before any other code runs, and keeps none of them.
   */
  readonly borrowInput: boolean;
}

/**
 * The user's data at `path` as JSON attributes: sanitized (or borrowed, see `borrowInput`), with the
 * attributes Customer.io types (`types`, see reserved-attributes.ts) checked, and ISO-8601 dates as unix
 * seconds unless turned off. Typed attributes are never converted: a page `title` of "2024-03-01" stays
 * a title. The data is read no further than `budget` allows (see copyData).
 */
export function attributesFrom(
  context: MapContext,
  value: Record<string, unknown> | null | undefined,
  path: string,
  budget: SizeBudget,
  types: Readonly<Record<string, Check>> = untyped,
): JsonObject {
  if (value == null) return {};
  const { convertTimestamps } = context.options;
  const borrowed = context.borrowInput
    ? borrowedAttributes(value, types, convertTimestamps, budget)
    : undefined;
  // Borrowed attributes have their dates converted already.
  if (borrowed !== undefined) return enforceAttributeTypes(borrowed, types, path, context.warnings, true);
  const attributes = enforceAttributeTypes(
    copyData(context, value, path, budget, types),
    types,
    path,
    context.warnings,
    false,
  );
  return convertAttributeTimestamps(attributes, convertTimestamps, types);
}

/**
 * A sanitized copy of the user's data at `path`, read no further than `budget` allows. Data over its
 * whole budget is recorded as `context.oversize` (the same OversizeError limits would throw, its size
 * "at least" what was read) and its copy is empty; objects and arrays over the value limit are left
 * for limits to leave out or refuse (sanitize.ts's OversizeValue).
 * @param uncounted top-level keys whose values may yet be changed or left out (typed attributes)
 */
export function copyData(
  context: MapContext,
  value: Record<string, unknown>,
  path: string,
  budget: SizeBudget,
  uncounted: Readonly<Record<string, unknown>>,
): JsonObject {
  const copy = sanitizeWithin(value, path, context.warnings, budget, uncounted);
  if (!(copy instanceof OverBudget)) return copy;
  context.oversize ??= new OversizeError(path, copy.bytes, copy.limit, context.ref, true);
  return {};
}

/** One v2 operation, with where its parts came from in the message. */
export function entity(body: EntityOperation, source: OperationSource = {}): MappedOperation {
  return { operation: { endpoint: 'entity', body }, source };
}

/**
 * The body of an event, page view or screen view about a person, with the root `timestamp` when the
 * message's time is known. Two literals rather than an optional field spread into one: spreading into
 * the middle of a literal costs several times what building the rest of the body does.
 */
export function activityBody(
  action: 'event' | 'page' | 'screen',
  identifiers: ActivityIdentifiers,
  name: string,
  id: string,
  attributes: JsonObject,
  context: MapContext,
): EntityOperation {
  const time = context.time;
  const body: EntityOperation =
    time === undefined
      ? { type: 'person', identifiers, action, name, id, attributes }
      : { type: 'person', identifiers, action, name, id, timestamp: time.seconds, attributes };
  rememberOperationJson(body, activityJson(action, identifiers, name, id, time?.seconds, attributes));
  return body;
}

/**
 * `JSON.stringify` of the body activityBody builds, keys in the same order, written around the JSON of
 * its values. Activity is nearly every message, and serialising the fixed part of its body as an object
 * (quoting each key, looking each object up for `toJSON`) cost as much as serialising the data in it.
 */
function activityJson(
  action: 'event' | 'page' | 'screen',
  identifiers: ActivityIdentifiers,
  name: string,
  id: string,
  seconds: number | undefined,
  attributes: JsonObject,
): string {
  const time = seconds === undefined ? '' : `,"timestamp":${JSON.stringify(seconds)}`;
  return `{"type":"person","identifiers":${JSON.stringify(identifiers)},"action":"${action}","name":${JSON.stringify(name)},"id":${JSON.stringify(id)}${time},"attributes":${JSON.stringify(attributes)}}`;
}

/** Activity (events, page and screen views, objects) names its person as a track does. */
export interface ActivityMessage {
  type: string;
  userId?: string | null | undefined;
  anonymousId?: string | null | undefined;
  context?: MessageContext | null | undefined;
}

/**
 * Who did it: the userId, else `context.traits.email` (where Segment's libraries carry an identified
 * user's traits on calls other than identify), else the anonymousId. When nothing names them, or the
 * userId cannot be sent, a problem says so and the result is undefined.
 */
export function activityPerson(message: ActivityMessage, context: MapContext): ResolvedPerson | undefined {
  const sources: PersonSources = {
    userId: message.userId,
    email: message.context?.traits?.email,
    anonymousId: message.anonymousId,
  };
  return requirePerson(
    sources,
    context,
    `a ${message.type} needs a userId, context.traits.email or an anonymousId`,
  );
}

/** Like activityPerson, for operations Customer.io only accepts about a known person. */
export function knownPerson(
  message: ActivityMessage,
  context: MapContext,
  what: string,
): PersonIdentifiers | undefined {
  const sources: PersonSources = { userId: message.userId, email: message.context?.traits?.email };
  return requirePerson(sources, context, `${what} needs a userId or context.traits.email`)?.identifiers as
    | PersonIdentifiers
    | undefined;
}

/** resolvePerson, adding a `required` problem when nothing names the person. */
export function requirePerson(
  sources: PersonSources,
  context: MapContext,
  requirement: string,
): ResolvedPerson | undefined {
  const before = context.problems.length;
  const person = resolvePerson(sources, context.problems);
  if (person === undefined && context.problems.length === before) {
    context.problems.push({
      path: sources.userIdPath ?? 'userId',
      rule: 'required',
      message: `is required: ${requirement}`,
    });
  }
  return person;
}

/**
 * The first of `candidates` that is a non-empty string (or a number, as its decimal string), with its
 * path. With `nonBlank`, strings of only whitespace are passed over too: Customer.io refuses a blank
 * event, page or screen name.
 */
export function firstText(
  candidates: ReadonlyArray<[path: string, value: unknown]>,
  { nonBlank = false } = {},
): { path: string; value: string } | undefined {
  for (const [path, value] of candidates) {
    if (typeof value === 'number' && Number.isFinite(value)) return { path, value: String(value) };
    if (typeof value === 'string' && given(value) && !(nonBlank && value.trim() === ''))
      return { path, value };
  }
  return undefined;
}
