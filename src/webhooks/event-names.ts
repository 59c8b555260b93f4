/**
 * The Segment track event name of each reporting webhook: `<channel> <action>`.
 *
 * | object_type | channel |
 * |---|---|
 * | email | Email |
 * | push | Push |
 * | sms | SMS |
 * | whatsapp | WhatsApp Message |
 * | slack | Slack Message |
 * | webhook | Webhook |
 * | in_app | In-App Message |
 *
 * | metric | action | example |
 * |---|---|---|
 * | drafted | Drafted | Email Drafted |
 * | attempted | Attempted | Push Attempted |
 * | sent | Sent | SMS Sent |
 * | delivered | Delivered | Email Delivered |
 * | opened | Opened | Email Opened, In-App Message Opened |
 * | clicked | Link Clicked | Email Link Clicked, Push Link Clicked |
 * | converted | Converted | Email Converted |
 * | unsubscribed | Unsubscribed | **Unsubscribed** for email (see below) |
 * | bounced | Bounced | Email Bounced |
 * | dropped | Dropped | Email Dropped |
 * | spammed | Marked as Spam | Email Marked as Spam |
 * | failed | Failed | Webhook Failed |
 * | undeliverable | Undeliverable | Slack Message Undeliverable |
 * | replied | Replied | SMS Replied, WhatsApp Message Replied |
 *
 * Customer events are about the person, not a message:
 *
 * | metric | name |
 * |---|---|
 * | subscribed | Customer Subscribed |
 * | unsubscribed | Customer Unsubscribed |
 * | cio_subscription_preferences_changed | Subscription Preferences Changed |
 *
 * Naming schemes differ in one name only. With `segment-spec` (the default), an email unsubscribe is
 * "Unsubscribed", as Segment's Email spec names it; with `customerio-source` it is "Email
 * Unsubscribed", as Segment's Customer.io source names it. Both agree with Segment's Email spec on the
 * other email names ("Email Delivered", "Email Opened", "Email Link Clicked", "Email Bounced", "Email
 * Marked as Spam").
 *
 * An undocumented object type or metric gets a derived name: its words, split at `_`, each with a
 * capital first letter ("machine_opened" -> "Machine Opened", "inbox_message" -> "Inbox Message"),
 * so `email` + `machine_opened` is "Email Machine Opened". Names stay within Customer.io's 100-byte limit.
 */

/** Which event names to produce; they differ only for an email unsubscribe. */
export type WebhookEventNaming = 'segment-spec' | 'customerio-source';

const channels: Readonly<Record<string, string>> = {
  email: 'Email',
  push: 'Push',
  sms: 'SMS',
  whatsapp: 'WhatsApp Message',
  slack: 'Slack Message',
  webhook: 'Webhook',
  in_app: 'In-App Message',
};

const actions: Readonly<Record<string, string>> = {
  drafted: 'Drafted',
  attempted: 'Attempted',
  sent: 'Sent',
  delivered: 'Delivered',
  opened: 'Opened',
  clicked: 'Link Clicked',
  converted: 'Converted',
  unsubscribed: 'Unsubscribed',
  bounced: 'Bounced',
  dropped: 'Dropped',
  spammed: 'Marked as Spam',
  failed: 'Failed',
  undeliverable: 'Undeliverable',
  replied: 'Replied',
};

const customerEvents: Readonly<Record<string, string>> = {
  subscribed: 'Customer Subscribed',
  unsubscribed: 'Customer Unsubscribed',
  cio_subscription_preferences_changed: 'Subscription Preferences Changed',
};

/** The event name for a webhook's object type and metric. */
export function webhookEventName(
  objectType: string,
  metric: string,
  naming: WebhookEventNaming = 'segment-spec',
): string {
  if (objectType === 'email' && metric === 'unsubscribed' && naming === 'segment-spec') return 'Unsubscribed';
  if (objectType === 'customer') return own(customerEvents, metric) ?? `Customer ${words(metric)}`;
  return `${own(channels, objectType) ?? words(objectType)} ${own(actions, metric) ?? words(metric)}`;
}

function own(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `machine_opened` -> `Machine Opened`; a name of only underscores is kept as it is, never blank. */
function words(name: string): string {
  const parts = name.split('_').filter((part) => part !== '');
  if (parts.length === 0) return name;
  return parts.map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join(' ');
}
