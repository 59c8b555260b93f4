/** Customer.io's limits as mapping applies them, and what every limit rule needs: options, warnings, paths. */
import { ConfigError, quote } from '../errors.js';
import type { MessageRef } from './mapping-errors.js';
import { joinPath } from './message-paths.js';
import { showValue } from './message-problems.js';
import type { MappingWarning } from './operations.js';
import type { ResolvedMappingOptions } from './options.js';
import type { SizeBudget } from './sanitize.js';

/** Customer.io's limits, in UTF-8 bytes unless named otherwise. */
export const trackLimits = {
  attributeNameBytes: 150,
  /** A string's bytes; an object's or array's JSON. */
  attributeValueBytes: 1000,
  /** Attributes in one person identify, whatever `maxTraitsPerIdentify` says. */
  attributesPerIdentify: 300,
  eventNameBytes: 100,
  /** An event's, page view's or screen view's data, as JSON. */
  eventDataBytes: 100_000,
  /** An object's attributes, or one relationship's attributes, as JSON. */
  objectAttributesBytes: 102_400,
  /** One v2 operation as JSON: the body of `/api/v2/entity` and each item of a batch. */
  entityBytes: 32_768,
} as const;

/** The most `maxOperationsPerIdentify` may be: even then, one message is a bounded amount of work. */
export const maxOperationsPerIdentifyLimit = 1000;

/**
 * How far mapping reads each kind of user data before it knows the result cannot be sent (sanitize.ts
 * stops there): event data is limited as a whole; a person's attributes value by value (over 1000 bytes,
 * one is left out or refused, by `oversize`); an object's or relationship's both ways.
 */
export const eventDataBudget: SizeBudget = {
  valueBytes: Number.POSITIVE_INFINITY,
  nameBytes: Number.POSITIVE_INFINITY,
  totalBytes: trackLimits.eventDataBytes,
};
export const personAttributesBudget: SizeBudget = {
  valueBytes: trackLimits.attributeValueBytes,
  nameBytes: trackLimits.attributeNameBytes,
  totalBytes: Number.POSITIVE_INFINITY,
};
export const objectAttributesBudget: SizeBudget = {
  valueBytes: trackLimits.attributeValueBytes,
  nameBytes: trackLimits.attributeNameBytes,
  totalBytes: trackLimits.objectAttributesBytes,
};

/** Message paths an operation's parts came from, for warnings: e.g. `{ attributes: 'traits', name: 'event' }`. */
export interface OperationSource {
  attributes?: string;
  name?: string;
  /** Where the attributes of the operation's one relationship came from. */
  relationshipAttributes?: string;
}

/** Where one operation stands: its source in the message and its first position in the output. */
export interface OperationPlace {
  source: OperationSource;
  /** `operations[3]`: the first output operation made from it, named when the source is unknown. */
  at: string;
}

export class LimitContext {
  readonly warnings: MappingWarning[] = [];

  constructor(
    readonly options: ResolvedMappingOptions,
    readonly ref: MessageRef,
  ) {}

  warn(code: string, field: string, message: string): void {
    this.warnings.push({ code, field, message });
  }
}

const traitOverflowPolicies: readonly string[] = ['split', 'drop', 'error'];
const oversizePolicies: readonly string[] = ['truncate', 'drop', 'error'];

/** Checks the options limits depend on, so a wrong one fails before any message does. */
export function checkLimitOptions(options: ResolvedMappingOptions): void {
  const max = options.maxTraitsPerIdentify;
  if (!Number.isInteger(max) || max < 1 || max > trackLimits.attributesPerIdentify) {
    throw new ConfigError(
      'maxTraitsPerIdentify',
      `must be a whole number from 1 to ${trackLimits.attributesPerIdentify} (Customer.io's own limit), got ${showValue(max)}`,
    );
  }
  const operations = options.maxOperationsPerIdentify;
  if (!Number.isInteger(operations) || operations < 1 || operations > maxOperationsPerIdentifyLimit) {
    throw new ConfigError(
      'maxOperationsPerIdentify',
      `must be a whole number from 1 to ${maxOperationsPerIdentifyLimit}, got ${showValue(operations)}`,
    );
  }
  if (!traitOverflowPolicies.includes(options.traitOverflow)) {
    throw new ConfigError(
      'traitOverflow',
      `must be 'split', 'drop' or 'error', got ${showValue(options.traitOverflow)}`,
    );
  }
  if (!oversizePolicies.includes(options.oversize)) {
    throw new ConfigError(
      'oversize',
      `must be 'truncate', 'drop' or 'error', got ${showValue(options.oversize)}`,
    );
  }
}

/** The message path of an operation's `attributes`, or of one attribute in it. */
export function attributesPath(place: OperationPlace, key?: string): string {
  const base = place.source.attributes ?? `${place.at}.attributes`;
  return key === undefined ? base : joinPath(base, key);
}

/** The message path of an operation's `name`. */
export function namePath(place: OperationPlace): string {
  return place.source.name ?? `${place.at}.name`;
}

/** The most names a list in a warning spells out; the rest are counted. */
export const maxListedNames = 10;

/**
 * A list of names for a sentence, each quoted (`quote`: cut to size): `"a", "b" and "c"`, or the first
 * ten and `and 99960 more`, so a warning stays short whatever the message holds.
 */
export function quoteList(names: readonly string[]): string {
  const quoted = names.slice(0, maxListedNames).map((name) => quote(name));
  if (names.length > maxListedNames) return `${quoted.join(', ')} and ${names.length - maxListedNames} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
