/**
 * Segment-spec messages as analytics.js, analytics-node and the mobile libraries emit them, checked
 * with zod. Only the fields mapping reads are declared; anything else is tolerated and left out of the
 * parsed message, so it is never sent. Traits and properties are checked to be objects but kept by
 * reference: sanitize.ts alone copies the user's data, so it can report what it had to change.
 */
import { z } from 'zod';

/** An object literal or parsed JSON object: not an array, a Date, a Map or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What a type check expected, carried on the zod issue so problems can say it in words. */
function expecting<T>(expected: string, test: (value: unknown) => boolean) {
  return z.custom<T>(test, { params: { expected } });
}

const plainObject = expecting<Record<string, unknown>>('an object', isPlainObject);

/**
 * Ids may be numbers (some servers send numeric user ids); they are turned into their decimal string,
 * as RudderStack's mapper does, because Customer.io identifiers are strings.
 */
const numberToString = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : value;

/** An optional id. `null` and `""` are accepted here and count as absent when mapping. */
const optionalId = z.preprocess(numberToString, z.string()).nullish();
/** An id the message cannot do without. */
const requiredId = z.preprocess(numberToString, z.string().min(1));

/** A time as analytics libraries send it; which forms can be read is timestamps.ts's concern. */
export type TimeValue = string | number | Date;
const timeValue = expecting<TimeValue>(
  'an ISO-8601 string, unix seconds or a Date',
  (value) => typeof value === 'string' || typeof value === 'number' || value instanceof Date,
).nullish();

const optionalText = z.preprocess(numberToString, z.string()).nullish();

const contextSchema = z.object({
  /** Traits of the user, carried on calls other than identify. */
  traits: plainObject.nullish(),
  device: z
    .object({
      token: z.string().nullish(),
      type: z.string().nullish(),
      model: z.string().nullish(),
    })
    .nullish(),
  app: z.object({ version: optionalText }).nullish(),
  os: z.object({ name: z.string().nullish(), version: optionalText }).nullish(),
  locale: z.string().nullish(),
  page: z.object({ url: z.string().nullish() }).nullish(),
  groupId: optionalId,
});

const commonFields = {
  userId: optionalId,
  anonymousId: optionalId,
  messageId: optionalId,
  /** When it happened. `originalTimestamp`, `sentAt` and `receivedAt` help when it is missing. */
  timestamp: timeValue,
  originalTimestamp: timeValue,
  sentAt: timeValue,
  receivedAt: timeValue,
  context: contextSchema.nullish(),
  /** `{"Customer.io": false}` and the like; read by integrations.ts. */
  integrations: plainObject.nullish(),
};

export const identifyMessageSchema = z.object({
  ...commonFields,
  type: z.literal('identify'),
  traits: plainObject.nullish(),
});

export const trackMessageSchema = z.object({
  ...commonFields,
  type: z.literal('track'),
  /** Customer.io refuses a blank event name ("event name must not be blank"). */
  event: z.string().refine((name) => name.trim() !== '', { params: { rule: 'not_blank' } }),
  properties: plainObject.nullish(),
});

export const pageMessageSchema = z.object({
  ...commonFields,
  type: z.literal('page'),
  name: z.string().nullish(),
  category: z.string().nullish(),
  properties: plainObject.nullish(),
});

export const screenMessageSchema = z.object({
  ...commonFields,
  type: z.literal('screen'),
  name: z.string().nullish(),
  category: z.string().nullish(),
  properties: plainObject.nullish(),
});

export const groupMessageSchema = z.object({
  ...commonFields,
  type: z.literal('group'),
  groupId: requiredId,
  traits: plainObject.nullish(),
});

export const aliasMessageSchema = z.object({
  ...commonFields,
  type: z.literal('alias'),
  userId: requiredId,
  previousId: requiredId,
});

/** Any Segment message, told apart by `type`. */
export const segmentMessageSchema = z.discriminatedUnion('type', [
  identifyMessageSchema,
  trackMessageSchema,
  pageMessageSchema,
  screenMessageSchema,
  groupMessageSchema,
  aliasMessageSchema,
]);

export type IdentifyMessage = z.infer<typeof identifyMessageSchema>;
export type TrackMessage = z.infer<typeof trackMessageSchema>;
export type PageMessage = z.infer<typeof pageMessageSchema>;
export type ScreenMessage = z.infer<typeof screenMessageSchema>;
export type GroupMessage = z.infer<typeof groupMessageSchema>;
export type AliasMessage = z.infer<typeof aliasMessageSchema>;
export type SegmentMessage = z.infer<typeof segmentMessageSchema>;
export type MessageType = SegmentMessage['type'];
export type MessageContext = NonNullable<SegmentMessage['context']>;
