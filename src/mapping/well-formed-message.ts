/**
 * A quick reading of messages that are already in the form the schema asks for (messages.ts), in front
 * of zod. When every field mapping reads is absent, null, or of exactly the type the schema wants
 * (strings where it wants strings, plain objects where it wants objects, no number to turn into an id),
 * the message is read here into the object zod would make of it: declared fields only, nested objects
 * copied, traits and properties kept by reference, each field read once. Anything else, every message
 * with a problem included, is left to zod, which decides, converts and words the problems.
 *
 * Why: zod allocates an object or two for every field it checks, present or not, which at tens of
 * thousands of messages a second made it a third of mapping's time and most of its garbage. A property
 * test (test/mapping-well-formed-message.test.ts) holds this reading to the schema: whatever it
 * accepts, zod accepts with the same result.
 */
import { isPlainObject, type SegmentMessage } from './messages.js';

type Fields = Record<string, unknown>;
/** The declared fields of an object, each with how to read it, in the schema's order. */
type FieldReaders = readonly (readonly [name: string, read: Reader])[];

/** What a field reader gives when the value is not one it can vouch for: zod must decide. */
const unsure = Symbol('unsure');
type Reader = (value: unknown) => unknown;

const nullish = (value: unknown): value is null | undefined => value === undefined || value === null;

const text: Reader = (value) => (nullish(value) || typeof value === 'string' ? value : unsure);
const time: Reader = (value) =>
  nullish(value) || typeof value === 'string' || typeof value === 'number' || value instanceof Date
    ? value
    : unsure;
const plainObject: Reader = (value) => (nullish(value) || isPlainObject(value) ? value : unsure);
const requiredId: Reader = (value) => (typeof value === 'string' && value !== '' ? value : unsure);
const eventName: Reader = (value) => (typeof value === 'string' && value.trim() !== '' ? value : unsure);

/** A nullish value, or a plain object read field by field into a new one, as zod copies nested objects. */
function nested(declared: Readonly<Record<string, Reader>>): Reader {
  const fields = Object.entries(declared);
  return (value) => {
    if (nullish(value)) return value;
    if (!isPlainObject(value)) return unsure;
    const copy: Fields = {};
    return readFields(value, fields, copy) ? copy : unsure;
  };
}

const context = nested({
  traits: plainObject,
  device: nested({ token: text, type: text, model: text }),
  app: nested({ version: text }),
  os: nested({ version: text }),
  locale: text,
  page: nested({ url: text }),
  groupId: text,
});

const common = {
  userId: text,
  anonymousId: text,
  messageId: text,
  timestamp: time,
  originalTimestamp: time,
  sentAt: time,
  receivedAt: time,
  context,
  integrations: plainObject,
};

const byType: Readonly<Record<SegmentMessage['type'], FieldReaders>> = {
  identify: Object.entries({ ...common, traits: plainObject }),
  track: Object.entries({ ...common, event: eventName, properties: plainObject }),
  page: Object.entries({ ...common, name: text, category: text, properties: plainObject }),
  screen: Object.entries({ ...common, name: text, category: text, properties: plainObject }),
  group: Object.entries({ ...common, groupId: requiredId, traits: plainObject }),
  alias: Object.entries({ ...common, userId: requiredId, previousId: requiredId }),
};

/**
 * Reads each declared field of `source` once into `target`, leaving out the absent ones.
 * @returns false as soon as a field is not in a form this reading vouches for
 */
function readFields(source: Fields, fields: FieldReaders, target: Fields): boolean {
  for (const [name, read] of fields) {
    const value = read(source[name]);
    if (value === unsure) return false;
    if (value !== undefined) target[name] = value;
  }
  return true;
}

/**
 * The message as zod would parse it, when it is plainly well formed; undefined when zod has to decide
 * (it may still be valid: an id given as a number, say, which zod turns into a string).
 */
export function readWellFormedMessage(input: unknown): SegmentMessage | undefined {
  if (!isPlainObject(input)) return undefined;
  const type = input.type;
  if (typeof type !== 'string' || !Object.hasOwn(byType, type)) return undefined;
  const message: Fields = { type };
  return readFields(input, byType[type as SegmentMessage['type']], message)
    ? (message as SegmentMessage)
    : undefined;
}
