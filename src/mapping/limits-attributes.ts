/**
 * Limits of one set of attributes (a person's, an object's, a relationship's): names at most 150
 * bytes, values at most 1000 bytes, and for objects and relationships at most 100 KB in all.
 */
import { type LimitContext, type OperationPlace, quoteList, trackLimits } from './limits-context.js';
import { truncateUtf8, utf8Length, valueBytes } from './limits-utf8.js';
import { OversizeError } from './mapping-errors.js';
import { joinPath } from './message-paths.js';
import { OversizeValue } from './sanitize.js';

export type Attributes = Record<string, unknown>;

/**
 * Person attributes that say who the person is. A shortened email or id would name someone else, so
 * under `truncate` an oversize one is left out rather than shortened.
 */
const identityAttributes: ReadonlySet<string> = new Set(['id', 'email', 'anonymous_id']);

export interface AttributeSetRules {
  /** The message path of the attributes; warnings and errors name an attribute by `joinPath(path, name)`. */
  path: string;
  /** Whether these are a person's attributes, whose identity attributes are never shortened. */
  person: boolean;
}

/**
 * Applies the name and value limits under the `oversize` policy. Returns `attributes` itself when
 * nothing had to change, else a new object with the same order.
 *
 * A name over 150 bytes is never shortened, whatever the policy: two long names sharing their first
 * 150 bytes would silently overwrite each other. Under `truncate` and `drop` the attribute is left
 * out with a warning; under `error` it throws. Objects and arrays (measured as JSON) cannot be
 * shortened without changing their meaning either, so they follow the same rule. One the copy stopped
 * reading at the limit (an OversizeValue) is treated the same way, its size "at least" what was read.
 */
export function limitAttributeSet(
  attributes: Attributes,
  rules: AttributeSetRules,
  context: LimitContext,
): Attributes {
  const { oversize } = context.options;
  const nameLimit = trackLimits.attributeNameBytes;
  const valueLimit = trackLimits.attributeValueBytes;
  const names = Object.keys(attributes);
  // What is kept, listed only from the first change on: most sets are within every limit and are
  // returned as they are, so listing them would be wasted.
  let kept: [string, unknown][] | undefined;
  for (let index = 0; index < names.length; index++) {
    const name = names[index] as string;
    const value = attributes[name];
    const nameBytes = surelyWithin(name, nameLimit) ? undefined : utf8Length(name);
    if (nameBytes !== undefined && nameBytes > nameLimit) {
      kept ??= keptBefore(attributes, names, index);
      const field = joinPath(rules.path, name);
      if (oversize === 'error') throw new OversizeError(field, nameBytes, nameLimit, context.ref);
      context.warn(
        'attribute_name_dropped',
        field,
        `The attribute name is ${nameBytes} bytes, over Customer.io's limit of ${nameLimit}; a shortened name could collide with another attribute's, so the attribute was left out.`,
      );
      continue;
    }
    if (typeof value === 'string' && surelyWithin(value, valueLimit)) {
      kept?.push([name, value]);
      continue;
    }
    const partly = value instanceof OversizeValue;
    const bytes = partly ? value.bytes : valueBytes(value);
    if (bytes <= valueLimit) {
      kept?.push([name, value]);
      continue;
    }
    kept ??= keptBefore(attributes, names, index);
    const field = joinPath(rules.path, name);
    if (oversize === 'error') throw new OversizeError(field, bytes, valueLimit, context.ref, partly);
    if (typeof value !== 'string') {
      const kind = partly ? value.kind : Array.isArray(value) ? 'array' : 'object';
      context.warn(
        'value_dropped',
        field,
        `The value is ${partly ? 'at least ' : ''}${bytes} bytes as JSON, over Customer.io's limit of ${valueLimit}; an ${kind} cannot be shortened safely, so the attribute was left out.`,
      );
    } else if (oversize === 'drop' || (rules.person && identityAttributes.has(name))) {
      const why = oversize === 'drop' ? '' : `; a shortened ${name} would identify someone else`;
      context.warn(
        'value_dropped',
        field,
        `The value is ${bytes} bytes, over Customer.io's limit of ${valueLimit}${why}, so the attribute was left out.`,
      );
    } else {
      kept.push([name, truncateUtf8(value, valueLimit)]);
      context.warn(
        'value_truncated',
        field,
        `The value is ${bytes} bytes, over Customer.io's limit of ${valueLimit}; it was shortened to its first ${valueLimit} bytes, without splitting a character.`,
      );
    }
  }
  // fromEntries rather than assignment, so a key such as "__proto__" stays an ordinary attribute.
  return kept === undefined ? attributes : Object.fromEntries(kept);
}

/** The attributes before the one at `end`, all kept so far. */
function keptBefore(attributes: Attributes, names: string[], end: number): [string, unknown][] {
  return names.slice(0, end).map((name) => [name, attributes[name]]);
}

/**
 * True when `text` is within `limit` UTF-8 bytes whatever it holds, so its bytes need no counting:
 * no UTF-16 code unit takes more than 3 of them, and most names and values are short.
 */
function surelyWithin(text: string, limit: number): boolean {
  return text.length * 3 <= limit;
}

/** Throws when a set of attributes is over the 100 KB Customer.io allows an object or a relationship. */
export function checkAttributesTotal(attributes: Attributes, field: string, context: LimitContext): void {
  const bytes = valueBytes(attributes);
  if (bytes > trackLimits.objectAttributesBytes) {
    throw new OversizeError(field, bytes, trackLimits.objectAttributesBytes, context.ref);
  }
}

/**
 * Applies the attribute limits to each relationship's `relationship_attributes`. A message relates to
 * one object at most, named by its message path (`traits.relationshipAttributes`) when the operation's
 * source gives it; others are named by their place in the operation.
 */
export function limitRelationships(
  relationships: unknown,
  place: OperationPlace,
  context: LimitContext,
): unknown {
  if (!Array.isArray(relationships)) return relationships;
  const source = relationships.length === 1 ? place.source.relationshipAttributes : undefined;
  let changed = false;
  const limited = relationships.map((relationship: unknown, index) => {
    if (!isRecord(relationship) || !isRecord(relationship.relationship_attributes)) return relationship;
    const field = source ?? `${place.at}.cio_relationships[${index}].relationship_attributes`;
    const before = relationship.relationship_attributes;
    const after = limitAttributeSet(before, { path: field, person: false }, context);
    checkAttributesTotal(after, field, context);
    if (after === before) return relationship;
    changed = true;
    return { ...relationship, relationship_attributes: after };
  });
  return changed ? limited : relationships;
}

/** Names the attributes left out of an operation, for a warning. */
export function describeNames(names: readonly string[]): string {
  return names.length === 1 ? `the attribute ${quoteList(names)}` : `the attributes ${quoteList(names)}`;
}

export function isRecord(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
