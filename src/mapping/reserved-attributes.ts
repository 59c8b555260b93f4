/**
 * Attribute names Customer.io gives a meaning and a type, so a value of another type makes it refuse
 * the whole operation. A value that cannot be read as that type is left out with a `value_dropped`
 * warning: the rest of the message is still worth sending. Every attribute also needs a name, so an
 * empty key at the top level is left out the same way (nested objects may have any keys).
 *
 * - person: `email` (a string), `anonymous_id` (a non-empty string), `_update` (a boolean, read like
 *   `unsubscribed`: true/false, 1/0, "true"/"false" in any case), `cio_subscription_preferences`
 *   (`{ topics: { topic_<n>: boolean } }`, nothing else);
 * - event data: `recipient` and `from_address` (email addresses: they redirect the messages the
 *   event triggers), `reply_to` (a string);
 * - page view data: `url`, `title`, `path`, `referrer`, `search` (strings), `keywords` (strings).
 */
import { isEmailShaped } from './identifiers.js';
import { joinPath } from './message-paths.js';
import { showValue } from './message-problems.js';
import { isPlainObject } from './messages.js';
import type { MappingWarning } from './operations.js';
import { type JsonObject, type JsonValue, OversizeValue, setOwn } from './sanitize.js';

/** The value in its type's form, or undefined when it cannot be read as that type. */
export type Check = (value: JsonValue) => JsonValue | undefined;

const isString: Check = (value) => (typeof value === 'string' ? value : undefined);
const isEmail: Check = (value) => (typeof value === 'string' && isEmailShaped(value) ? value : undefined);
const strings: Check = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;

const trueWords = new Set(['true', '1']);
const falseWords = new Set(['false', '0']);

/** true, 1, "1", "true" in any case -> true; their opposites -> false; anything else cannot be read. */
export const asBoolean: Check = (value) => {
  if (typeof value === 'boolean') return value;
  const word =
    typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '';
  if (trueWords.has(word)) return true;
  return falseWords.has(word) ? false : undefined;
};

const topicName = /^topic_[0-9]+$/;
const subscriptionPreferences: Check = (value) => {
  if (!isPlainObject(value) || Object.keys(value).some((key) => key !== 'topics')) return undefined;
  const topics = value.topics;
  if (topics === undefined) return value;
  if (!isPlainObject(topics)) return undefined;
  const valid = Object.entries(topics).every(
    ([name, choice]) => topicName.test(name) && typeof choice === 'boolean',
  );
  return valid ? value : undefined;
};

export const personAttributeTypes: Readonly<Record<string, Check>> = {
  email: isString,
  anonymous_id: (value) => (typeof value === 'string' && value !== '' ? value : undefined),
  _update: asBoolean,
  unsubscribed: asBoolean,
  cio_subscription_preferences: subscriptionPreferences,
};

export const eventDataTypes: Readonly<Record<string, Check>> = {
  recipient: isEmail,
  from_address: isEmail,
  reply_to: isString,
};

export const pageDataTypes: Readonly<Record<string, Check>> = {
  url: isString,
  title: isString,
  path: isString,
  referrer: isString,
  search: isString,
  keywords: strings,
};

/** No typed names: only the rule that every attribute has a name. */
export const untyped: Readonly<Record<string, Check>> = {};

/**
 * Checks the attributes found at `path` against `types`: values that cannot be read as their type, and
 * empty names, are removed with a warning; readable ones take their type's form.
 * @param shared whether `attributes` may be the user's own object (borrowed-attributes.ts): it is
 *   checked in a copy then, and otherwise in place, since a sanitized copy is mapping's own
 * @returns the checked attributes: `attributes` itself unless it was shared and held an empty or typed name
 */
export function enforceAttributeTypes(
  attributes: JsonObject,
  types: Readonly<Record<string, Check>>,
  path: string,
  warnings: MappingWarning[],
  shared: boolean,
): JsonObject {
  if (!needsChecking(attributes, types)) return attributes;
  const checked: JsonObject = shared ? { ...attributes } : attributes;
  for (const key of Object.keys(checked)) {
    // Paths are only built for warnings, which are rare (joinPath tests every key against a pattern).
    if (key === '') {
      const field = joinPath(path, key);
      delete checked[key];
      warnings.push({
        code: 'value_dropped',
        field,
        message: `${field} was left out: an attribute needs a name.`,
      });
      continue;
    }
    const check = Object.hasOwn(types, key) ? types[key] : undefined;
    const value = checked[key];
    // A value too large to send is left to limits, which leave it out or refuse it for its size.
    if (check === undefined || value === undefined || value instanceof OversizeValue) continue;
    const readable = check(value);
    if (readable !== undefined) {
      setOwn(checked, key, readable);
      continue;
    }
    delete checked[key];
    const field = joinPath(path, key);
    warnings.push({
      code: 'value_dropped',
      field,
      message: `${field} ${showValue(value)} was left out: Customer.io reads "${key}" as ${describeType(key, types)}.`,
    });
  }
  return checked;
}

/**
 * Whether `attributes` has an empty name or a typed one. Usually not (events rarely carry `recipient`),
 * and the few typed names are cheaper to look up than every attribute is to walk through.
 */
function needsChecking(attributes: JsonObject, types: Readonly<Record<string, Check>>): boolean {
  if (Object.hasOwn(attributes, '')) return true;
  for (const key in types) if (Object.hasOwn(attributes, key)) return true;
  return false;
}

function describeType(key: string, types: Readonly<Record<string, Check>>): string {
  const check = types[key];
  if (check === isEmail) return 'an email address';
  if (check === strings) return 'a list of strings';
  if (check === asBoolean) return 'true or false';
  if (check === subscriptionPreferences) return '{ topics: { topic_<number>: true or false } }';
  if (key === 'anonymous_id') return 'a non-empty string';
  return 'a string';
}
