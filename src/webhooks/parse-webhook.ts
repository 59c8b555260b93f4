/** Reads a reporting webhook body: bytes or text as received, or an object already parsed from JSON. */
import type { z } from 'zod';
import { WebhookPayloadError, type WebhookPayloadIssue } from './errors.js';
import {
  type KnownReportingWebhook,
  knownReportingWebhookSchema,
  type ReportingWebhook,
  reportingWebhookEnvelopeSchema,
  reportingWebhookMetrics,
  unknownReportingWebhookSchema,
} from './payload-schema.js';
import type { WebhookRawBody } from './signature.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Validates a reporting webhook body. A documented object type and metric is checked against what
 * Customer.io documents for it; any other is kept, with the fields this library reads type-checked.
 * Fields nobody documented are kept too. The result is a new object; the input is never changed.
 * @param body the body as received (string, Buffer, Uint8Array), or the object JSON.parse made of it
 * @throws WebhookPayloadError listing the path and problem of every issue found
 */
export function parseReportingWebhook(body: WebhookRawBody | object): ReportingWebhook {
  const value = typeof body === 'string' || body instanceof Uint8Array ? parseJson(body) : body;
  const input = withPreferencesObjectType(value);
  const envelope = reportingWebhookEnvelopeSchema.safeParse(input);
  if (!envelope.success) throw payloadError(envelope.error, input);

  const { object_type, metric } = envelope.data;
  const schema = isKnown(object_type, metric) ? knownReportingWebhookSchema : unknownReportingWebhookSchema;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw payloadError(parsed.error, input);
  return parsed.data;
}

/** True when the webhook's object type and metric are documented, so its type narrows by both. */
export function isKnownReportingWebhook(webhook: ReportingWebhook): webhook is KnownReportingWebhook {
  return isKnown(webhook.object_type, webhook.metric);
}

function isKnown(objectType: string, metric: string): boolean {
  return (
    Object.hasOwn(reportingWebhookMetrics, objectType) &&
    (reportingWebhookMetrics[objectType as keyof typeof reportingWebhookMetrics] ?? []).includes(metric)
  );
}

function parseJson(body: WebhookRawBody): unknown {
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    throw new WebhookPayloadError([{ path: '', problem: 'is not valid UTF-8' }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes part of the body, which may name a person.
    throw new WebhookPayloadError([{ path: '', problem: 'is not valid JSON' }]);
  }
}

/**
 * The vendor document does not require `object_type` on `cio_subscription_preferences_changed` (it
 * declares an `object_type_type` instead, a slip); such a body is read as the customer event it is.
 */
function withPreferencesObjectType(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if (record.metric !== 'cio_subscription_preferences_changed' || Object.hasOwn(record, 'object_type')) {
    return value;
  }
  return { ...record, object_type: 'customer' };
}

const expectedWords: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

function payloadError(error: z.ZodError, input: unknown): WebhookPayloadError {
  return new WebhookPayloadError(error.issues.map((issue) => issueOf(issue, input)));
}

function issueOf(issue: z.core.$ZodIssue, input: unknown): WebhookPayloadIssue {
  const path = formatPath(issue.path);
  if (issue.code === 'invalid_type') {
    if (valueAt(input, issue.path) === undefined) return { path, problem: 'is required' };
    if (issue.message.startsWith('must ')) return { path, problem: issue.message };
    return { path, problem: `must be ${expectedWords[issue.expected] ?? issue.expected}` };
  }
  return { path, problem: issue.message };
}

/** `data.recipients[0].device_id`, as the body's own keys read. */
function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? String(key) : `.${String(key)}`;
  }
  return result;
}

/** The input's value at a zod path, by plain property access on own properties. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
