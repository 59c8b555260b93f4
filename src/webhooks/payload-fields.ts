/**
 * The fields of reporting webhook bodies, as Customer.io's reporting webhooks document (its
 * `journeys-webhooks` OpenAPI document) types them, and the data shapes each channel shares.
 *
 * What is checked, and what is left open: a field's type is always checked when the field is present,
 * and a field is required when that document requires it, except for
 * - `subject` and `trigger_id`, which its own examples leave out;
 * - `customer_id`, which it deprecates, and `email_address`, which it allows to be null;
 * - which of `campaign_id`, `broadcast_id`, `newsletter_id` or `transactional_message_id` is present
 *   (one of them, by what sent the message), and a preference change's `delivery_id` (a change made
 *   outside a message may have none).
 * Sets of values that grow as Customer.io adds features (device platforms, metrics, object types) are
 * not closed, and fields nobody documented are kept: refusing a body costs more than it protects,
 * since Customer.io holds back every later webhook until the refused one is accepted.
 */
import { z } from 'zod';

/** Every object the vendor sends may grow new fields; they are kept, not stripped. */
const open = z.looseObject;

export const eventIdField = z.string().min(1, { error: 'must be a non-empty string' });

/** The last second of year 9999, the largest an ISO-8601 timestamp can show. */
const maxUnixSeconds = 253_402_300_799;

export const unixSecondsField = z
  .number({ error: 'must be unix seconds (a number)' })
  .int({ error: 'must be whole unix seconds' })
  .min(0, { error: 'must be unix seconds, 0 or more' })
  .max(maxUnixSeconds, { error: 'must be unix seconds before the year 10000' });

/**
 * An object type or metric: a snake_case word, as every documented one is. The length bound keeps
 * event names derived from unknown ones within Customer.io's 100-byte limit on event names.
 */
export const nameField = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,47}$/, { error: 'must be a word of letters, digits and _, at most 48' });

const text = z.string({ error: 'must be a string' });
const nonEmptyText = text.min(1, { error: 'must be a non-empty string' });
const integer = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' });
const flag = z.boolean({ error: 'must be true or false' });

/** The person: `id` and `email` may each be null in workspaces that identify by either. */
export const identifiersField = open({
  id: text.nullish(),
  email: text.nullish(),
  cio_id: text.nullish(),
});

/** What every message event (email, push, sms...) says about the message and how it was sent. */
const messageFields = {
  delivery_id: nonEmptyText,
  identifiers: identifiersField,
  /** Deprecated by Customer.io in favour of `identifiers`; still sent by some workspaces. */
  customer_id: text.nullish(),
  action_id: integer.nullish(),
  campaign_id: integer.nullish(),
  broadcast_id: integer.nullish(),
  newsletter_id: integer.nullish(),
  // Left untyped by the vendor document; ids elsewhere are integers, but a string is harmless.
  transactional_message_id: z.union([integer, text], { error: 'must be a number or a string' }).nullish(),
  trigger_id: integer.nullish(),
  journey_id: text.nullish(),
  parent_action_id: integer.nullish(),
  trigger_event_id: text.nullish(),
  content_id: integer.nullish(),
  /** The message body, sent on `sent` events when "Body Content" is turned on. */
  content: text.nullish(),
  failure_message: text.nullish(),
};

/** Fields some metrics require, in the types the vendor document gives them. */
export const required = {
  recipient: text,
  failure_message: text,
  href: text,
  link_id: integer,
  inbound_event_id: text,
  to: text,
} as const;

/** One device a push went to; `failure_message` says why it was not delivered to it. */
const pushDevice = open({
  device_id: text,
  device_platform: text.nullish(),
  failure_message: text.nullish(),
});

/** A device a push bounced or was dropped for: the vendor requires its platform and reason. */
export const failedPushDevice = open({
  device_id: text,
  device_platform: text,
  failure_message: text,
});

export const pushRecipients = z.array(pushDevice, { error: 'must be an array' });
export const failedPushRecipients = z.array(failedPushDevice, { error: 'must be an array' });

/** Email data: who it went to (an address), its subject, and the email-only flags. */
export const emailFields = {
  ...messageFields,
  recipient: text.nullish(),
  subject: text.nullish(),
  /** On `opened`: whether a proxy (Apple Mail Privacy Protection...) fetched the tracking pixel. */
  proxied: flag.nullish(),
  prefetched: flag.nullish(),
  synthetic: flag.nullish(),
  /** On `clicked`: whether a machine (a link scanner) followed the link. */
  machine: flag.nullish(),
  headers: z.record(z.string(), z.array(text)).nullish(),
  href: text.nullish(),
  link_id: integer.nullish(),
};

/** Push data: the devices it went to. */
export const pushFields = {
  ...messageFields,
  recipients: pushRecipients.nullish(),
  href: text.nullish(),
  link_id: integer.nullish(),
};

/** SMS, WhatsApp, Slack, webhook and in-app data: one recipient (a number, a channel, a URL...). */
export const otherMessageFields = {
  ...messageFields,
  recipient: text.nullish(),
  href: text.nullish(),
  link_id: integer.nullish(),
  /** On SMS and WhatsApp `replied`: the inbound message and the number it was sent to. */
  inbound_event_id: text.nullish(),
  to: text.nullish(),
  /** On in-app `clicked`: the response the person chose. */
  tracked_response: text.nullish(),
};

/** Customer (person) events: subscription changes. */
export const customerFields = {
  identifiers: identifiersField,
  customer_id: text.nullish(),
  email_address: text.nullish(),
};

/**
 * A preference change may come from a message's subscription centre, so it can carry the message's
 * fields; `content` is the new preferences as a JSON string, such as `{"topics":{"topic_1":true}}`.
 */
export const preferencesFields = {
  ...customerFields,
  ...messageFields,
  delivery_id: nonEmptyText.nullish(),
};

/** Data of an object type or metric not documented yet: every field read is typed, none required. */
export const unknownFields = {
  ...emailFields,
  ...otherMessageFields,
  ...pushFields,
  ...customerFields,
  delivery_id: nonEmptyText.nullish(),
  identifiers: identifiersField.nullish(),
};
