/** Object identifiers (groups, companies, accounts...) read from a message, as Customer.io needs them. */
import type { components } from '../../generated/track-api.js';
import { checkIdBytes } from './identifiers.js';
import { firstText } from './map-context.js';
import type { MessageProblem } from './mapping-errors.js';
import { showValue } from './message-problems.js';

export type ObjectIdentifiers = components['schemas']['ObjectIdentifiers'];

/** Customer.io's object types are positive integers written as strings; "1" is the first type made. */
const objectTypePattern = /^[1-9][0-9]*$/;
export const defaultObjectTypeId = '1';

/**
 * The object type from the first candidate that is given (a number is taken as its decimal string),
 * else "1", as Segment defaults it. Undefined, with a problem, when the given type is not a type id.
 */
export function objectTypeIdFrom(
  candidates: ReadonlyArray<[path: string, value: unknown]>,
  problems: MessageProblem[],
): string | undefined {
  const given = candidates.find(([, value]) => value != null);
  if (given === undefined) return defaultObjectTypeId;
  const [path, value] = given;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string' && objectTypePattern.test(text)) return text;
  problems.push({
    path,
    rule: 'pattern',
    message: `must be an object type id: a positive whole number such as "1", not ${showValue(value)}`,
  });
  return undefined;
}

/** The object type a group's or an identify's traits name (`object_type_id`, else `objectTypeId`). */
export function objectTypeIdFromTraits(
  traits: Record<string, unknown>,
  problems: MessageProblem[],
): string | undefined {
  return objectTypeIdFrom(
    [
      ['traits.object_type_id', traits.object_type_id],
      ['traits.objectTypeId', traits.objectTypeId],
    ],
    problems,
  );
}

/** The object id from the first given candidate; a problem when there is none or it is over 150 bytes. */
export function objectIdFrom(
  candidates: ReadonlyArray<[path: string, value: unknown]>,
  problems: MessageProblem[],
  requirement: string,
): string | undefined {
  const found = firstText(candidates);
  if (found === undefined) {
    problems.push({
      path: candidates[0]?.[0] ?? '',
      rule: 'required',
      message: `is required: ${requirement}`,
    });
    return undefined;
  }
  return checkIdBytes(found.value, found.path, 'The object id', problems) ? found.value : undefined;
}

/** Both parts, or undefined when either could not be read (problems say why). */
export function objectIdentifiers(
  objectId: string | undefined,
  objectTypeId: string | undefined,
): ObjectIdentifiers | undefined {
  if (objectId === undefined || objectTypeId === undefined) return undefined;
  return { object_type_id: objectTypeId, object_id: objectId };
}
