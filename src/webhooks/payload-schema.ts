/**
 * Reporting webhook bodies as zod schemas: a discriminated union by `object_type`, each a
 * discriminated union by `metric`, for every object type and metric Customer.io documents. Field types
 * and requirements are in payload-fields.ts. A body whose object type or metric is not documented
 * (yet) is read by `unknownReportingWebhookSchema` instead, so a new metric is kept rather than refused.
 */
import { z } from 'zod';
import {
  customerFields,
  emailFields,
  eventIdField,
  failedPushRecipients,
  nameField,
  otherMessageFields,
  preferencesFields,
  pushFields,
  pushRecipients,
  required,
  unixSecondsField,
  unknownFields,
} from './payload-fields.js';

function webhook<const O extends string, const M extends string, D extends z.ZodType>(
  objectType: O,
  metric: M,
  data: D,
) {
  return z.looseObject({
    event_id: eventIdField,
    object_type: z.literal(objectType),
    metric: z.literal(metric),
    timestamp: unixSecondsField,
    data,
  });
}

/** A webhook of one object type whose data has the channel's fields plus `extra` (which win). */
function channel<const O extends string, const B extends z.core.$ZodLooseShape>(objectType: O, base: B) {
  return <const M extends string, const E extends z.core.$ZodLooseShape = Record<never, never>>(
    metric: M,
    extra?: E,
  ) =>
    // Not a plain spread: TypeScript types a spread of generics as an intersection, which would make a
    // field both optional and required.
    webhook(objectType, metric, z.looseObject(override(base, extra)));
}

/** `{ ...base, ...extra }`, typed as what it is: fields of `extra` replace those of `base`. */
function override<B extends object, E extends object>(base: B, extra: E | undefined): Omit<B, keyof E> & E {
  return { ...base, ...extra } as unknown as Omit<B, keyof E> & E;
}

const email = channel('email', emailFields);
const push = channel('push', pushFields);
const sms = channel('sms', otherMessageFields);
const whatsapp = channel('whatsapp', otherMessageFields);
const slack = channel('slack', otherMessageFields);
const webhookAction = channel('webhook', otherMessageFields);
const inApp = channel('in_app', otherMessageFields);
const customer = channel('customer', customerFields);

const { recipient, failure_message, href, link_id, inbound_event_id, to } = required;
const reached = { recipient };
const failed = { failure_message };
const refused = { recipient, failure_message };
const clicked = { recipient, href, link_id };
const replied = { recipient, inbound_event_id, to };
const devices = { recipients: pushRecipients };
const failedDevices = { recipients: failedPushRecipients };

export const emailWebhookSchema = z.discriminatedUnion('metric', [
  email('drafted', reached),
  email('attempted', failed),
  email('sent', reached),
  email('delivered', reached),
  email('opened', reached),
  email('clicked', clicked),
  email('converted', reached),
  email('unsubscribed', reached),
  email('bounced', refused),
  email('dropped', refused),
  email('spammed', reached),
  email('failed', refused),
  email('undeliverable', refused),
]);

export const pushWebhookSchema = z.discriminatedUnion('metric', [
  // The vendor document lists `drafted` under the enum of `attempted`, a slip its title corrects.
  push('drafted'),
  push('attempted', failed),
  push('delivered', devices),
  push('sent', devices),
  push('opened', devices),
  push('clicked', { ...devices, href, link_id }),
  push('converted', devices),
  push('bounced', failedDevices),
  push('dropped', failedDevices),
  push('failed', failed),
  push('undeliverable', failed),
]);

export const smsWebhookSchema = z.discriminatedUnion('metric', [
  sms('drafted'),
  sms('attempted', failed),
  sms('sent', reached),
  sms('delivered', reached),
  sms('clicked', clicked),
  sms('converted', reached),
  sms('bounced', refused),
  sms('failed', failed),
  sms('undeliverable', failed),
  sms('replied', replied),
]);

export const whatsappWebhookSchema = z.discriminatedUnion('metric', [
  whatsapp('drafted'),
  whatsapp('attempted', failed),
  whatsapp('sent', reached),
  whatsapp('delivered', reached),
  whatsapp('opened', reached),
  whatsapp('clicked', clicked),
  whatsapp('converted', reached),
  whatsapp('bounced', refused),
  whatsapp('dropped', refused),
  whatsapp('failed', failed),
  whatsapp('undeliverable', failed),
  whatsapp('replied', replied),
]);

export const slackWebhookSchema = z.discriminatedUnion('metric', [
  slack('drafted'),
  slack('attempted', failed),
  slack('sent', reached),
  slack('clicked', clicked),
  slack('failed', failed),
  slack('undeliverable', failed),
]);

export const webhookActionWebhookSchema = z.discriminatedUnion('metric', [
  webhookAction('drafted'),
  webhookAction('attempted', failed),
  webhookAction('sent', reached),
  webhookAction('clicked', clicked),
  webhookAction('failed', failed),
  webhookAction('undeliverable', failed),
]);

export const inAppWebhookSchema = z.discriminatedUnion('metric', [
  inApp('drafted'),
  inApp('attempted', failed),
  inApp('sent', reached),
  inApp('opened'),
  inApp('clicked', clicked),
  inApp('converted', reached),
  inApp('failed', failed),
  inApp('undeliverable', failed),
]);

export const customerWebhookSchema = z.discriminatedUnion('metric', [
  customer('subscribed'),
  customer('unsubscribed'),
  webhook('customer', 'cio_subscription_preferences_changed', z.looseObject(preferencesFields)),
]);

/** One union per object type, each told apart by `metric`. */
const objectTypeSchemas = [
  customerWebhookSchema,
  emailWebhookSchema,
  pushWebhookSchema,
  inAppWebhookSchema,
  smsWebhookSchema,
  slackWebhookSchema,
  webhookActionWebhookSchema,
  whatsappWebhookSchema,
] as const;

/** Every documented body, told apart by `object_type`, then by `metric`. */
export const knownReportingWebhookSchema = z.discriminatedUnion('object_type', objectTypeSchemas);

/** A body of an object type or metric that is not documented: kept, with the fields read typed. */
export const unknownReportingWebhookSchema = z.looseObject({
  event_id: eventIdField,
  object_type: nameField,
  metric: nameField,
  timestamp: unixSecondsField,
  data: z.looseObject(unknownFields),
});

/** The envelope alone, read first so a broken envelope is reported as such, not as a union mismatch. */
export const reportingWebhookEnvelopeSchema = z.looseObject({
  event_id: eventIdField,
  object_type: nameField,
  metric: nameField,
  timestamp: unixSecondsField,
  data: z.looseObject({}, { error: 'must be an object' }),
});

export type KnownReportingWebhook = z.output<typeof knownReportingWebhookSchema>;
export type UnknownReportingWebhook = z.output<typeof unknownReportingWebhookSchema>;
/** A parsed reporting webhook; narrow it with `isKnownReportingWebhook`, then by `object_type` and `metric`. */
export type ReportingWebhook = KnownReportingWebhook | UnknownReportingWebhook;
/** The object types Customer.io documents. */
export type ReportingObjectType = KnownReportingWebhook['object_type'];
/** The metrics Customer.io documents for an object type. */
export type ReportingMetric<O extends ReportingObjectType = ReportingObjectType> = Extract<
  KnownReportingWebhook,
  { object_type: O }
>['metric'];

/** Every documented metric of every documented object type, in the vendor document's order. */
export const reportingWebhookMetrics: Readonly<Record<ReportingObjectType, readonly string[]>> = metricsOf();

function metricsOf(): Record<ReportingObjectType, readonly string[]> {
  const metrics: Record<string, readonly string[]> = {};
  for (const union of objectTypeSchemas) {
    const [first] = union.options;
    metrics[first.shape.object_type.value] = union.options.map((option) => option.shape.metric.value);
  }
  return metrics as Record<ReportingObjectType, readonly string[]>;
}
