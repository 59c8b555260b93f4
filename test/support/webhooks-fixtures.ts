/**
 * Reporting webhooks for tests: one sample body for every object type and metric Customer.io documents,
 * with the track message each must become, and signed requests built with node:crypto directly (not
 * with the library's signer, so signature tests check the library against an independent computation).
 */
import { createHmac } from 'node:crypto';

/** A made-up signing key, long and distinctive so a test can search any output for it. */
export const signingKey = 'test-signing-key-5f1c0b3a9e7d4c2b8a6f';
export const eventId = '01E4C4CT6YDC7Y5M7FE1GWWPQJ';
/** 2021-02-11T17:04:49Z, the time of the vendor document's examples. */
export const sentAt = 1613063089;
export const sentAtIso = '2021-02-11T17:04:49.000Z';
/** The clock of tests that verify signatures: 10 seconds after `sentAt`, in milliseconds. */
export const nowMs = (sentAt + 10) * 1000;

export const identifiers = { id: '42', email: 'ada@example.com', cio_id: 'd9c106000001' };
export const deliveryId = 'RPILAgUBcRhIBqSfeiIwdIYJKxTY';

/** The fields of a message sent by a campaign, as every message event carries them. */
const campaign = {
  delivery_id: deliveryId,
  action_id: 96,
  campaign_id: 5,
  journey_id: '01GW20GXAAXBKZD8J96M8FNV3R',
  identifiers,
};
/** What those fields become: every channel's properties include them. */
const campaignProperties = {
  delivery_id: deliveryId,
  action_id: 96,
  campaign_id: 5,
  journey_id: '01GW20GXAAXBKZD8J96M8FNV3R',
};

export interface MetricCase {
  objectType: string;
  metric: string;
  /** The webhook's `data`. */
  data: Record<string, unknown>;
  /** The event name with the default naming. */
  event: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
}

const inbox = 'ada.work@example.com';
const phone = '+15551234567';
const link = { href: 'https://example.com/pricing', link_id: 3 };
const linkProperties = { link_url: 'https://example.com/pricing', link_id: 3 };
const device = { device_id: 'device-token-1', device_platform: 'ios' };
const failedDevice = { ...device, failure_message: 'BadDeviceToken' };
const failure = 'Provider refused the message';

function email(
  metric: string,
  event: string,
  data: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): MetricCase {
  const subject = typeof data.subject === 'string' ? { email_subject: data.subject } : {};
  const address = typeof data.recipient === 'string' ? data.recipient : identifiers.email;
  return {
    objectType: 'email',
    metric,
    data: { ...campaign, ...data },
    event,
    properties: { email_id: deliveryId, ...campaignProperties, ...subject, ...extra },
    traits: { email: address },
  };
}

function other(
  objectType: string,
  metric: string,
  event: string,
  data: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): MetricCase {
  const phoneTrait =
    (objectType === 'sms' || objectType === 'whatsapp') && typeof data.recipient === 'string'
      ? { phone: data.recipient }
      : {};
  return {
    objectType,
    metric,
    data: { ...campaign, ...data },
    event,
    properties: { ...campaignProperties, ...extra },
    traits: { email: identifiers.email, ...phoneTrait },
  };
}

const mail = { recipient: inbox, subject: 'Welcome aboard' };
const bounce = '550 5.1.1 The email account does not exist';

/** Email: Segment's Email spec names where it has them. */
const emailCases: MetricCase[] = [
  email('drafted', 'Email Drafted', mail),
  email('attempted', 'Email Attempted', { failure_message: 'Mailbox busy' }, { reason: 'Mailbox busy' }),
  email('sent', 'Email Sent', { ...mail, content: '<p>Hello</p>', headers: { 'X-Custom': ['1'] } }),
  email('delivered', 'Email Delivered', mail),
  email(
    'opened',
    'Email Opened',
    { ...mail, proxied: true, prefetched: false },
    { proxied: true, prefetched: false },
  ),
  email(
    'clicked',
    'Email Link Clicked',
    { ...mail, ...link, machine: false },
    { ...linkProperties, machine: false },
  ),
  email('converted', 'Email Converted', mail),
  email('unsubscribed', 'Unsubscribed', mail),
  email('bounced', 'Email Bounced', { ...mail, failure_message: bounce }, { reason: bounce }),
  email('dropped', 'Email Dropped', { ...mail, failure_message: 'Suppressed' }, { reason: 'Suppressed' }),
  email('spammed', 'Email Marked as Spam', mail),
  email('failed', 'Email Failed', { ...mail, failure_message: failure }, { reason: failure }),
  email('undeliverable', 'Email Undeliverable', { ...mail, failure_message: failure }, { reason: failure }),
];

const devices = { recipients: [device] };
const deviceProperties = { recipients: [device] };

const pushCases: MetricCase[] = [
  other('push', 'drafted', 'Push Drafted'),
  other('push', 'attempted', 'Push Attempted', { failure_message: failure }, { reason: failure }),
  other('push', 'delivered', 'Push Delivered', devices, deviceProperties),
  other('push', 'sent', 'Push Sent', { ...devices, content: '{"title":"Hi"}' }, deviceProperties),
  other('push', 'opened', 'Push Opened', devices, deviceProperties),
  other(
    'push',
    'clicked',
    'Push Link Clicked',
    { ...devices, ...link },
    { ...deviceProperties, ...linkProperties },
  ),
  other('push', 'converted', 'Push Converted', devices, deviceProperties),
  other(
    'push',
    'bounced',
    'Push Bounced',
    { recipients: [failedDevice] },
    { recipients: [failedDevice], reason: 'BadDeviceToken' },
  ),
  other(
    'push',
    'dropped',
    'Push Dropped',
    { recipients: [failedDevice] },
    { recipients: [failedDevice], reason: 'BadDeviceToken' },
  ),
  other('push', 'failed', 'Push Failed', { failure_message: failure }, { reason: failure }),
  other('push', 'undeliverable', 'Push Undeliverable', { failure_message: failure }, { reason: failure }),
];

/** SMS and WhatsApp: the recipient is a phone number, sent as `context.traits.phone`. */
function phoneCases(objectType: 'sms' | 'whatsapp', label: string, metrics: readonly string[]): MetricCase[] {
  const cases: Record<string, MetricCase> = {
    drafted: other(objectType, 'drafted', `${label} Drafted`),
    attempted: other(
      objectType,
      'attempted',
      `${label} Attempted`,
      { failure_message: failure },
      { reason: failure },
    ),
    sent: other(objectType, 'sent', `${label} Sent`, { recipient: phone, content: 'Hi!' }),
    delivered: other(objectType, 'delivered', `${label} Delivered`, { recipient: phone }),
    opened: other(objectType, 'opened', `${label} Opened`, { recipient: phone }),
    clicked: other(
      objectType,
      'clicked',
      `${label} Link Clicked`,
      { recipient: phone, ...link },
      linkProperties,
    ),
    converted: other(objectType, 'converted', `${label} Converted`, { recipient: phone }),
    bounced: other(
      objectType,
      'bounced',
      `${label} Bounced`,
      { recipient: phone, failure_message: 'Unreachable' },
      { reason: 'Unreachable' },
    ),
    dropped: other(
      objectType,
      'dropped',
      `${label} Dropped`,
      { recipient: phone, failure_message: 'Opted out' },
      { reason: 'Opted out' },
    ),
    failed: other(objectType, 'failed', `${label} Failed`, { failure_message: failure }, { reason: failure }),
    undeliverable: other(
      objectType,
      'undeliverable',
      `${label} Undeliverable`,
      { failure_message: failure },
      { reason: failure },
    ),
    replied: other(
      objectType,
      'replied',
      `${label} Replied`,
      { recipient: phone, inbound_event_id: 'inbound-1', to: '+15550000000' },
      { inbound_event_id: 'inbound-1', to: '+15550000000' },
    ),
  };
  return metrics.map((metric) => cases[metric] as MetricCase);
}

const slackChannel = 'C024BE91L';
const hookUrl = 'https://hooks.example.com/notify?token=abc';

const slackCases: MetricCase[] = [
  other('slack', 'drafted', 'Slack Message Drafted'),
  other('slack', 'attempted', 'Slack Message Attempted', { failure_message: failure }, { reason: failure }),
  other(
    'slack',
    'sent',
    'Slack Message Sent',
    { recipient: slackChannel, content: 'Hi' },
    { slack_recipient: slackChannel },
  ),
  other(
    'slack',
    'clicked',
    'Slack Message Link Clicked',
    { recipient: slackChannel, ...link },
    { slack_recipient: slackChannel, ...linkProperties },
  ),
  other('slack', 'failed', 'Slack Message Failed', { failure_message: failure }, { reason: failure }),
  other(
    'slack',
    'undeliverable',
    'Slack Message Undeliverable',
    { failure_message: failure },
    { reason: failure },
  ),
];

/** A webhook action's URL is never copied: such URLs often carry credentials. */
const webhookCases: MetricCase[] = [
  other('webhook', 'drafted', 'Webhook Drafted'),
  other('webhook', 'attempted', 'Webhook Attempted', { failure_message: failure }, { reason: failure }),
  other('webhook', 'sent', 'Webhook Sent', { recipient: hookUrl, content: '{}' }),
  other('webhook', 'clicked', 'Webhook Link Clicked', { recipient: hookUrl, ...link }, linkProperties),
  other(
    'webhook',
    'failed',
    'Webhook Failed',
    { failure_message: '500 from server' },
    { reason: '500 from server' },
  ),
  other(
    'webhook',
    'undeliverable',
    'Webhook Undeliverable',
    { failure_message: failure },
    { reason: failure },
  ),
];

const inAppCases: MetricCase[] = [
  other('in_app', 'drafted', 'In-App Message Drafted'),
  other('in_app', 'attempted', 'In-App Message Attempted', { failure_message: failure }, { reason: failure }),
  other('in_app', 'sent', 'In-App Message Sent', { recipient: '42', content: '{}' }),
  other('in_app', 'opened', 'In-App Message Opened'),
  other(
    'in_app',
    'clicked',
    'In-App Message Link Clicked',
    { recipient: '42', ...link, tracked_response: 'accept' },
    { ...linkProperties, tracked_response: 'accept' },
  ),
  other('in_app', 'converted', 'In-App Message Converted', { recipient: '42' }),
  other('in_app', 'failed', 'In-App Message Failed', { failure_message: failure }, { reason: failure }),
  other(
    'in_app',
    'undeliverable',
    'In-App Message Undeliverable',
    { failure_message: failure },
    { reason: failure },
  ),
];

const person = { customer_id: '42', email_address: 'ada@example.com', identifiers };

const customerCases: MetricCase[] = [
  {
    objectType: 'customer',
    metric: 'subscribed',
    data: person,
    event: 'Customer Subscribed',
    properties: {},
    traits: { email: 'ada@example.com' },
  },
  {
    objectType: 'customer',
    metric: 'unsubscribed',
    data: person,
    event: 'Customer Unsubscribed',
    properties: {},
    traits: { email: 'ada@example.com' },
  },
  {
    objectType: 'customer',
    metric: 'cio_subscription_preferences_changed',
    data: {
      ...person,
      content: '{"topics":{"topic_1":true,"topic_2":false}}',
      delivery_id: deliveryId,
      newsletter_id: 10,
      content_id: 3,
    },
    event: 'Subscription Preferences Changed',
    properties: {
      delivery_id: deliveryId,
      newsletter_id: 10,
      content_id: 3,
      preferences: { topics: { topic_1: true, topic_2: false } },
    },
    traits: { email: 'ada@example.com' },
  },
];

/** Every documented object type and metric, in the vendor document's order. */
export const metricCases: readonly MetricCase[] = [
  ...customerCases,
  ...emailCases,
  ...pushCases,
  ...inAppCases,
  ...phoneCases('sms', 'SMS', [
    'drafted',
    'attempted',
    'sent',
    'delivered',
    'clicked',
    'converted',
    'bounced',
    'failed',
    'undeliverable',
    'replied',
  ]),
  ...slackCases,
  ...webhookCases,
  ...phoneCases('whatsapp', 'WhatsApp Message', [
    'drafted',
    'attempted',
    'sent',
    'delivered',
    'opened',
    'clicked',
    'converted',
    'bounced',
    'dropped',
    'failed',
    'undeliverable',
    'replied',
  ]),
];

/** A webhook body as Customer.io sends it. */
export function webhookBody(
  objectType: string,
  metric: string,
  data: Record<string, unknown>,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return { event_id: eventId, object_type: objectType, metric, timestamp: sentAt, data, ...fields };
}

/** The signature Customer.io would send, computed here with node:crypto alone. */
export function independentSignature(key: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', key).update(`v0:${timestamp}:`).update(body).digest('hex');
}

/** A POST signed as Customer.io signs it. */
export function signedRequest(
  body: string,
  options: { key?: string; timestamp?: number; url?: string; headers?: Record<string, string> } = {},
): Request {
  const timestamp = String(options.timestamp ?? sentAt);
  return new Request(options.url ?? 'https://hooks.example.com/customerio', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-cio-timestamp': timestamp,
      'x-cio-signature': independentSignature(options.key ?? signingKey, timestamp, body),
      ...options.headers,
    },
  });
}
