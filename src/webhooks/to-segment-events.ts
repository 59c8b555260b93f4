/**
 * A reporting webhook as the Segment track message it reports, shaped as Segment's Email spec and
 * Segment's Customer.io source shape them:
 *
 * - `event`: see event-names.ts;
 * - `userId`: `identifiers.id` (else the deprecated `customer_id`); without one, the person's email is
 *   the `anonymousId`, as Customer.io's Segment source does, else their `cio_id`;
 * - `context.traits.email`: the address an email went to (`recipient`), else the person's email;
 *   `context.traits.phone`: the number an SMS or WhatsApp message went to;
 * - `messageId`: the webhook's `event_id`, so a message forwarded twice is still one event downstream;
 * - `timestamp`: when it happened, as ISO-8601;
 * - `properties`: the message ids (`email_id` is the delivery id, as Segment's Email spec names it),
 *   `email_subject`, `link_url` and `link_id` of a click, `reason` of a bounce, drop or failure, and the
 *   channel's own fields (see `messageProperties`).
 *
 * Message bodies (`content` of `sent` events) and email headers are left out: they can be large, and
 * are rarely wanted in analytics. So is a webhook action's URL, which often carries credentials.
 */
import { ConfigError } from '../errors.js';
import { isRecord } from '../mapping/limits-attributes.js';
import type { TrackMessage } from '../mapping/messages.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import { type WebhookEventNaming, webhookEventName } from './event-names.js';
import type { ReportingWebhook } from './payload-schema.js';

export interface ToSegmentEventsOptions {
  /**
   * Which event names to produce: `segment-spec` calls an email unsubscribe "Unsubscribed", as
   * Segment's Email spec does; `customerio-source` calls it "Email Unsubscribed", as Segment's
   * Customer.io source does. Every other name is the same (see event-names.ts).
   * @default 'segment-spec'
   */
  naming?: WebhookEventNaming;
}

const toSegmentEventsOptionKeys = { naming: true } as const satisfies OptionKeys<ToSegmentEventsOptions>;

type Data = Record<string, unknown>;

/** Ids of the message and of what sent it, copied under their own names when present. */
const messageIdFields = [
  'campaign_id',
  'broadcast_id',
  'newsletter_id',
  'transactional_message_id',
  'action_id',
  'parent_action_id',
  'journey_id',
  'trigger_id',
  'trigger_event_id',
  'content_id',
] as const;

/**
 * The Segment track messages a webhook reports: one, or none when nothing names the person (someone
 * deleted since, in a workspace that keeps neither their id, email nor cio_id).
 */
export function toSegmentEvents(
  webhook: ReportingWebhook,
  options: ToSegmentEventsOptions = {},
): TrackMessage[] {
  checkOptionKeys(options, toSegmentEventsOptionKeys);
  const naming = resolveNaming(options.naming);
  const data: Data = webhook.data;
  const identifiers: Data = isRecord(data.identifiers) ? data.identifiers : {};
  const isEmail = webhook.object_type === 'email';
  const isPhone = webhook.object_type === 'sms' || webhook.object_type === 'whatsapp';

  const userId = text(identifiers.id) ?? text(data.customer_id);
  const email = isEmail
    ? (text(data.recipient) ?? text(identifiers.email))
    : (text(identifiers.email) ?? text(data.email_address));
  const anonymousId = userId === undefined ? (email ?? text(identifiers.cio_id)) : undefined;
  if (userId === undefined && anonymousId === undefined) return [];

  const traits: Data = {};
  if (email !== undefined) traits.email = email;
  if (isPhone && text(data.recipient) !== undefined) traits.phone = data.recipient;

  const message: TrackMessage = {
    type: 'track',
    event: webhookEventName(webhook.object_type, webhook.metric, naming),
    ...(userId === undefined ? { anonymousId } : { userId }),
    messageId: webhook.event_id,
    timestamp: new Date(webhook.timestamp * 1000).toISOString(),
    properties:
      webhook.object_type === 'customer'
        ? customerProperties(data)
        : messageProperties(webhook.object_type, data),
  };
  if (Object.keys(traits).length > 0) message.context = { traits };
  return [message];
}

/** Checks the naming option; shared with the handler, which checks it once, when created. */
export function resolveNaming(naming: unknown): WebhookEventNaming {
  if (naming === undefined) return 'segment-spec';
  if (naming === 'segment-spec' || naming === 'customerio-source') return naming;
  throw new ConfigError('naming', "must be 'segment-spec' or 'customerio-source'");
}

/**
 * Properties of a message event. Every channel: `delivery_id` and the ids in `messageIdFields`; email
 * also `email_id` (the same delivery id) and `email_subject`; a click `link_url` and `link_id`; a
 * failure `reason`. Email opens and clicks keep `proxied`, `prefetched`, `synthetic` and `machine`,
 * which tell people from privacy proxies and link scanners. Push keeps its `recipients` (device id,
 * platform, failure); Slack its `slack_recipient` (a channel or member); replies `inbound_event_id` and `to`; in-app
 * clicks `tracked_response`.
 */
function messageProperties(objectType: string, data: Data): Data {
  const properties: Data = {};
  if (objectType === 'email') put(properties, 'email_id', data.delivery_id);
  put(properties, 'delivery_id', data.delivery_id);
  for (const field of messageIdFields) put(properties, field, data[field]);
  if (objectType === 'email') put(properties, 'email_subject', data.subject);
  put(properties, 'link_url', data.href);
  put(properties, 'link_id', data.link_id);
  put(properties, 'reason', data.failure_message ?? devicesReason(data.recipients));
  for (const field of ['proxied', 'prefetched', 'synthetic', 'machine'] as const)
    put(properties, field, data[field]);
  if (Array.isArray(data.recipients)) properties.recipients = data.recipients.map(device);
  // Not as `recipient`: in Customer.io event data that name sets the address of the email the event
  // triggers. An in-app recipient is the person, already named by userId.
  if (objectType === 'slack') put(properties, 'slack_recipient', data.recipient);
  put(properties, 'inbound_event_id', data.inbound_event_id);
  put(properties, 'to', data.to);
  put(properties, 'tracked_response', data.tracked_response);
  return properties;
}

/**
 * Properties of a customer event. A preference change carries the new preferences, parsed from the
 * `content` JSON string as `preferences` (kept as `content` when it is not a JSON object), and the
 * ids of the message whose subscription centre it came from, if any.
 */
function customerProperties(data: Data): Data {
  const properties: Data = {};
  put(properties, 'delivery_id', data.delivery_id);
  for (const field of messageIdFields) put(properties, field, data[field]);
  if (typeof data.content === 'string') {
    const preferences = parseObject(data.content);
    if (preferences === undefined) properties.content = data.content;
    else properties.preferences = preferences;
  }
  return properties;
}

/** One push recipient, with the documented fields only. */
function device(recipient: unknown): Data {
  const result: Data = {};
  if (!isRecord(recipient)) return result;
  put(result, 'device_id', recipient.device_id);
  put(result, 'device_platform', recipient.device_platform);
  put(result, 'failure_message', recipient.failure_message);
  return result;
}

/** A push fails per device: the distinct reasons, in order, joined. */
function devicesReason(recipients: unknown): string | undefined {
  if (!Array.isArray(recipients)) return undefined;
  const reasons = new Set<string>();
  for (const recipient of recipients) {
    if (
      isRecord(recipient) &&
      typeof recipient.failure_message === 'string' &&
      recipient.failure_message !== ''
    ) {
      reasons.add(recipient.failure_message);
    }
  }
  return reasons.size === 0 ? undefined : [...reasons].join('; ');
}

function parseObject(json: string): Data | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function put(target: Data, key: string, value: unknown): void {
  if (value !== undefined && value !== null) target[key] = value;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
