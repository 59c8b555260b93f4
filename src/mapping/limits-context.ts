/** Customer.io's limits as mapping applies them, and what every limit rule needs: options, warnings, paths. */
import { ConfigError } from '../errors.js';
import type { MessageRef } from './mapping-errors.js';
import { joinPath } from './message-paths.js';
import type { MappingWarning } from './operations.js';
import type { ResolvedMappingOptions } from './options.js';

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

/** Message paths an operation's parts came from, for warnings: e.g. `{ attributes: 'traits', name: 'event' }`. */
export interface OperationSource {
  attributes?: string;
  name?: string;
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
      `must be a whole number from 1 to ${trackLimits.attributesPerIdentify} (Customer.io's own limit), got ${String(max)}`,
    );
  }
  if (!traitOverflowPolicies.includes(options.traitOverflow)) {
    throw new ConfigError(
      'traitOverflow',
      `must be 'split', 'drop' or 'error', got ${String(options.traitOverflow)}`,
    );
  }
  if (!oversizePolicies.includes(options.oversize)) {
    throw new ConfigError(
      'oversize',
      `must be 'truncate', 'drop' or 'error', got ${String(options.oversize)}`,
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

/** A list of names for a sentence: `"a", "b" and "c"`. */
export function quoteList(names: readonly string[]): string {
  const quoted = names.map((name) => JSON.stringify(name));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
