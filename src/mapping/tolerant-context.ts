/**
 * `context` is where analytics libraries describe the call (the device, the app, the page, the user's
 * traits), and mapping reads only a few of its fields. One of those of another type than mapping reads
 * (`context.traits` an array, `context.device` a string, `context.app.version` an object) is ignored
 * with a `context_ignored` warning instead of making the message invalid: Segment's and RudderStack's
 * destinations read these fields by path and find nothing there, and the rest of the message is still
 * worth sending. The same holds for every message type, and for `context` itself.
 *
 * Only messages that the quick reading (well-formed-message.ts) could not vouch for come here, before
 * zod: the fields ignored are taken out of a copy, so zod then judges the rest of the message as usual.
 */
import { describeValue } from './message-problems.js';
import { isPlainObject } from './messages.js';
import type { MappingWarning } from './operations.js';

interface FieldRule {
  /** Whether the value can be read as messages.ts declares the field (absent and null always can). */
  readonly accepts: (value: unknown) => boolean;
  /** What mapping reads it as, in the words a warning uses. */
  readonly expected: string;
}

/** An object zod's `z.object` would read: anything but null and arrays. */
const isObjectLike = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text: FieldRule = { accepts: (value) => typeof value === 'string', expected: 'a string' };
const textOrNumber: FieldRule = {
  accepts: (value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)),
  expected: 'a string or a number',
};
const plainObject: FieldRule = { accepts: isPlainObject, expected: 'an object' };

/** The context fields messages.ts declares, nested as they are in the message. */
interface Shape {
  readonly [name: string]: FieldRule | Shape;
}

const contextShape: Shape = {
  traits: plainObject,
  device: { token: text, type: text, model: text },
  app: { version: textOrNumber },
  os: { name: text, version: textOrNumber },
  locale: text,
  page: { url: text },
  groupId: textOrNumber,
};

/**
 * `input` itself when its context has nothing to ignore (or it is not a message object, which zod
 * refuses on its own); otherwise a shallow copy whose context leaves out, in copies, each field that is
 * ignored, with a warning for each.
 */
export function tolerateContext(input: unknown, warnings: MappingWarning[]): unknown {
  if (!isPlainObject(input)) return input;
  const context = input.context;
  if (context === undefined || context === null) return input;
  if (!isObjectLike(context)) {
    warnings.push(ignored('context', 'an object', context));
    return { ...input, context: undefined };
  }
  const kept = withoutIgnored(context, contextShape, 'context', warnings);
  return kept === context ? input : { ...input, context: kept };
}

function withoutIgnored(
  value: Record<string, unknown>,
  shape: Shape,
  path: string,
  warnings: MappingWarning[],
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [name, rule] of Object.entries(shape)) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    const fieldPath = `${path}.${name}`;
    if (isFieldRule(rule)) {
      if (rule.accepts(field)) continue;
      warnings.push(ignored(fieldPath, rule.expected, field));
      copy ??= { ...value };
      delete copy[name];
    } else if (!isObjectLike(field)) {
      warnings.push(ignored(fieldPath, 'an object', field));
      copy ??= { ...value };
      delete copy[name];
    } else {
      const kept = withoutIgnored(field, rule, fieldPath, warnings);
      if (kept === field) continue;
      copy ??= { ...value };
      copy[name] = kept;
    }
  }
  return copy ?? value;
}

function isFieldRule(rule: FieldRule | Shape): rule is FieldRule {
  return typeof rule.accepts === 'function';
}

function ignored(field: string, expected: string, value: unknown): MappingWarning {
  return {
    code: 'context_ignored',
    field,
    message: `${field} was ignored: it is read as ${expected}, and it is ${describeValue(value)}.`,
  };
}
