/** zod's issues, turned into the problems an InvalidMessageError lists: a path, a rule and a sentence. */
import type { z } from 'zod';
import { quote } from '../errors.js';
import type { MessageProblem } from './mapping-errors.js';
import { formatPath } from './message-paths.js';

/** What a value is, in the words a problem uses. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * A value as a problem or warning quotes it: a string quoted as errors quote it (`quote`: cut to size),
 * a number or boolean as written, anything else by what it is. Never throws, and never grows with the value.
 */
export function showValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return describeValue(value);
  }
}

const expectedWords: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  object: 'an object',
  array: 'an array',
  boolean: 'a boolean',
};

/** One problem per issue, in zod's order (which follows the message's fields). */
export function problemsFromZod(error: z.ZodError, input: unknown): MessageProblem[] {
  return error.issues.map((issue) => problemFromIssue(issue, input));
}

function problemFromIssue(issue: z.core.$ZodIssue, input: unknown): MessageProblem {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const options = ('options' in issue ? (issue.options ?? []) : [])
      .map((option) => JSON.stringify(option))
      .join(', ');
    return value === undefined
      ? { path, rule: 'required', message: `is required: one of ${options}` }
      : { path, rule: 'one_of', message: `must be one of ${options}, not ${showValue(value)}` };
  }
  if (value === undefined && issue.code !== 'too_small') {
    return { path, rule: 'required', message: 'is required' };
  }
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedWords[issue.expected] ?? issue.expected;
      return { path, rule: 'type', message: `must be ${expected}, not ${describeValue(value)}` };
    }
    case 'custom': {
      if (issue.params?.rule === 'not_blank')
        return { path, rule: 'not_blank', message: 'must not be blank' };
      const expected = String(issue.params?.expected ?? 'something else');
      return { path, rule: 'type', message: `must be ${expected}, not ${describeValue(value)}` };
    }
    case 'too_small':
      return { path, rule: 'not_empty', message: 'must not be empty' };
    default:
      return { path, rule: issue.code, message: issue.message };
  }
}

/** The input's value at a zod path, read without invoking anything but plain property access. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
