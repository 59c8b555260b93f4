/**
 * Reporting webhook bodies: every object type and metric Customer.io documents is read and checked;
 * undocumented ones and undocumented fields are kept; anything else is refused with each issue's path.
 */
import { describe, expect, it } from 'vitest';
import {
  isKnownReportingWebhook,
  parseReportingWebhook,
  reportingWebhookMetrics,
  WebhookPayloadError,
  type WebhookPayloadIssue,
} from '../src/webhooks/index.js';
import { eventId, identifiers, metricCases, sentAt, webhookBody } from './support/webhooks-fixtures.js';
import { haveVendorWebhooks, vendorMetrics, vendorWebhooksPath } from './support/webhooks-vendor.js';

if (!haveVendorWebhooks)
  console.info(`webhooks-payload: ${vendorWebhooksPath} not found; vendor checks skipped`);

function issuesOf(input: unknown): WebhookPayloadIssue[] {
  try {
    parseReportingWebhook(input as object);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookPayloadError);
    return (error as WebhookPayloadError).issues;
  }
  throw new Error('expected a WebhookPayloadError');
}

const caseOf = (objectType: string, metric: string) => {
  const found = metricCases.find((entry) => entry.objectType === objectType && entry.metric === metric);
  if (!found) throw new Error(`no sample for ${objectType} ${metric}`);
  return found;
};

describe('the documented object types and metrics', () => {
  it('are, per object type, in the vendor order', () => {
    expect(reportingWebhookMetrics).toStrictEqual({
      customer: ['subscribed', 'unsubscribed', 'cio_subscription_preferences_changed'],
      email: [
        'drafted',
        'attempted',
        'sent',
        'delivered',
        'opened',
        'clicked',
        'converted',
        'unsubscribed',
        'bounced',
        'dropped',
        'spammed',
        'failed',
        'undeliverable',
      ],
      push: [
        'drafted',
        'attempted',
        'delivered',
        'sent',
        'opened',
        'clicked',
        'converted',
        'bounced',
        'dropped',
        'failed',
        'undeliverable',
      ],
      in_app: ['drafted', 'attempted', 'sent', 'opened', 'clicked', 'converted', 'failed', 'undeliverable'],
      sms: [
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
      ],
      slack: ['drafted', 'attempted', 'sent', 'clicked', 'failed', 'undeliverable'],
      webhook: ['drafted', 'attempted', 'sent', 'clicked', 'failed', 'undeliverable'],
      whatsapp: [
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
      ],
    });
    const sampled = metricCases.map((entry) => `${entry.objectType} ${entry.metric}`);
    const listed = Object.entries(reportingWebhookMetrics).flatMap(([objectType, metrics]) =>
      metrics.map((metric) => `${objectType} ${metric}`),
    );
    expect(sampled).toStrictEqual(listed);
  });

  describe.skipIf(!haveVendorWebhooks)("match Customer.io's document", () => {
    it('lists exactly the metrics the document lists, in its order', () => {
      const documented = vendorMetrics().map((entry) => `${entry.objectType} ${entry.metric}`);
      const listed = Object.entries(reportingWebhookMetrics).flatMap(([objectType, metrics]) =>
        metrics.map((metric) => `${objectType} ${metric}`),
      );
      expect(listed).toStrictEqual(documented);
      expect(listed).toHaveLength(69);
    });

    it('reads "Push drafted" as `drafted`, the one schema whose metric enum says otherwise', () => {
      const slips = vendorMetrics().filter((entry) => entry.metricEnum[0] !== entry.metric);
      expect(slips.map(({ title, metricEnum }) => ({ title, metricEnum }))).toStrictEqual([
        { title: 'Push drafted', metricEnum: ['attempted'] },
      ]);
    });

    // The vendor's own examples leave out `subject`, and `customer_id` is deprecated by it.
    const notRequired = new Set(['subject', 'customer_id', 'email_address']);
    it.each(haveVendorWebhooks ? vendorMetrics() : [])(
      'requires what the document requires of $objectType $metric',
      ({ objectType, metric, requiredData }) => {
        const sample = caseOf(objectType, metric);
        for (const field of requiredData) {
          const { [field]: _removed, ...data } = sample.data;
          const body = webhookBody(objectType, metric, data);
          if (notRequired.has(field)) expect(() => parseReportingWebhook(body)).not.toThrow();
          else expect(issuesOf(body)).toStrictEqual([{ path: `data.${field}`, problem: 'is required' }]);
        }
      },
    );
  });

  it.each(metricCases)(
    'reads $objectType $metric as documented, unchanged',
    ({ objectType, metric, data }) => {
      const body = webhookBody(objectType, metric, data);
      const parsed = parseReportingWebhook(JSON.stringify(body));
      expect(parsed).toStrictEqual(body);
      expect(isKnownReportingWebhook(parsed)).toBe(true);
    },
  );

  it.each(metricCases.filter((entry) => entry.objectType !== 'customer'))(
    'requires a delivery_id and identifiers on $objectType $metric',
    ({ objectType, metric, data }) => {
      const { delivery_id: _delivery, identifiers: _identifiers, ...rest } = data;
      expect(issuesOf(webhookBody(objectType, metric, rest))).toStrictEqual([
        { path: 'data.delivery_id', problem: 'is required' },
        { path: 'data.identifiers', problem: 'is required' },
      ]);
    },
  );

  it("reads each of the vendor document's examples", () => {
    const emailSent = {
      metric: 'sent',
      event_id: '01E4C4CT6YDC7Y5M7FE1GWWPQJ',
      object_type: 'email',
      timestamp: 1613063089,
      data: {
        action_id: 42,
        broadcast_id: 9,
        customer_id: '0200000001',
        delivery_id: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY',
        identifiers: { id: '42', email: 'test@example.com', cio_id: 'd9c106000001' },
        recipient: 'test@example.com',
      },
    };
    expect(parseReportingWebhook(emailSent)).toStrictEqual(emailSent);
    const smsSent = {
      ...emailSent,
      object_type: 'sms',
      data: { ...emailSent.data, recipient: '+15551234567' },
    };
    expect(parseReportingWebhook(smsSent)).toStrictEqual(smsSent);
    const subscribed = {
      metric: 'subscribed',
      event_id: '01E4C4CT6YDC7Y5M7FE1GWWPQJ',
      object_type: 'customer',
      timestamp: 1613063089,
      data: {
        customer_id: '0200000001',
        email_address: 'test@example.com',
        identifiers: emailSent.data.identifiers,
      },
    };
    expect(parseReportingWebhook(subscribed)).toStrictEqual(subscribed);
  });
});

describe('what is kept rather than refused', () => {
  it('keeps an undocumented metric of a documented object type, with all its fields', () => {
    const body = webhookBody('email', 'machine_opened', {
      delivery_id: 'd-1',
      identifiers,
      recipient: 'ada@example.com',
      confidence: 0.93,
    });
    const parsed = parseReportingWebhook(body);
    expect(parsed).toStrictEqual(body);
    expect(isKnownReportingWebhook(parsed)).toBe(false);
  });

  it('keeps an undocumented object type, and needs nothing in its data', () => {
    const body = webhookBody('inbox_message', 'opened', { anything: ['goes'] });
    expect(parseReportingWebhook(body)).toStrictEqual(body);
  });

  it('keeps undocumented fields at every level', () => {
    const body = webhookBody(
      'push',
      'bounced',
      {
        delivery_id: 'd-1',
        identifiers: { ...identifiers, external_id: 'x-9' },
        recipients: [{ device_id: 'tok', device_platform: 'web', failure_message: 'Gone', token_age: 3 }],
        new_field: { nested: true },
      },
      { version: 2 },
    );
    expect(parseReportingWebhook(body)).toStrictEqual(body);
  });

  it('takes nulls where workspaces send them: identifiers of people without an id or email, no campaign', () => {
    const body = webhookBody('email', 'delivered', {
      delivery_id: 'd-1',
      identifiers: { id: null, email: 'ada@example.com', cio_id: 'c1' },
      campaign_id: null,
      recipient: 'ada@example.com',
    });
    expect(parseReportingWebhook(body)).toStrictEqual(body);
  });

  it('reads a preference change without object_type (the document does not require it) as a customer event', () => {
    const { object_type: _omitted, ...body } = webhookBody(
      'customer',
      'cio_subscription_preferences_changed',
      {
        identifiers,
        content: '{}',
      },
    );
    expect(parseReportingWebhook(body)).toStrictEqual({ ...body, object_type: 'customer' });
  });

  it('never changes its input', () => {
    const body = webhookBody('email', 'opened', {
      delivery_id: 'd',
      identifiers,
      recipient: 'a@example.com',
    });
    const copy = structuredClone(body);
    parseReportingWebhook(body);
    expect(body).toStrictEqual(copy);
  });
});

describe('what is refused', () => {
  it.each([
    ['text that is not JSON', '{"metric":', [{ path: '', problem: 'is not valid JSON' }]],
    [
      'bytes that are not UTF-8',
      Uint8Array.from([0x7b, 0xff, 0x7d]),
      [{ path: '', problem: 'is not valid UTF-8' }],
    ],
    ['JSON that is not an object', '[1,2]', [{ path: '', problem: 'must be an object' }]],
    ['null', 'null', [{ path: '', problem: 'must be an object' }]],
  ])('%s', (_, body, issues) => {
    expect(issuesOf(body)).toStrictEqual(issues);
  });

  it('lists every envelope problem at once', () => {
    expect(
      issuesOf({ object_type: 'email', metric: 'opened', event_id: '', timestamp: '1613063089' }),
    ).toStrictEqual([
      { path: 'event_id', problem: 'must be a non-empty string' },
      { path: 'timestamp', problem: 'must be unix seconds (a number)' },
      { path: 'data', problem: 'is required' },
    ]);
  });

  it.each([
    ['a fractional timestamp', { timestamp: 1613063089.5 }, 'timestamp', 'must be whole unix seconds'],
    ['a negative timestamp', { timestamp: -1 }, 'timestamp', 'must be unix seconds, 0 or more'],
    [
      'a timestamp past 9999',
      { timestamp: 253402300800 },
      'timestamp',
      'must be unix seconds before the year 10000',
    ],
    ['a missing metric', { metric: undefined }, 'metric', 'is required'],
    [
      'a metric with spaces',
      { metric: 'link clicked' },
      'metric',
      'must be a word of letters, digits and _, at most 48',
    ],
    [
      'an overlong object type',
      { object_type: 'x'.repeat(49) },
      'object_type',
      'must be a word of letters, digits and _, at most 48',
    ],
    ['data that is an array', { data: [] }, 'data', 'must be an object'],
  ])('refuses %s', (_, fields, path, problem) => {
    const body = {
      ...webhookBody('email', 'opened', { delivery_id: 'd', identifiers, recipient: 'a@x.io' }),
      ...fields,
    };
    expect(issuesOf(body)).toStrictEqual([{ path, problem }]);
  });

  it('refuses wrong types in documented fields, naming each path, without quoting values', () => {
    const body = webhookBody('email', 'clicked', {
      delivery_id: 'd-1',
      identifiers: { id: 42, email: 'ada@example.com' },
      recipient: 'ada@example.com',
      href: ['https://example.com'],
      link_id: '3',
      campaign_id: 5.5,
      machine: 'no',
    });
    const issues = issuesOf(body);
    expect(issues).toStrictEqual([
      { path: 'data.identifiers.id', problem: 'must be a string' },
      { path: 'data.campaign_id', problem: 'must be a whole number' },
      { path: 'data.machine', problem: 'must be true or false' },
      { path: 'data.href', problem: 'must be a string' },
      { path: 'data.link_id', problem: 'must be a number' },
    ]);
    const error = new WebhookPayloadError(issues);
    expect(error.message).toBe(
      'Invalid reporting webhook body: data.identifiers.id: must be a string; data.campaign_id: must be a whole number; data.machine: must be true or false; data.href: must be a string; data.link_id: must be a number',
    );
    expect(error.message).not.toContain('ada@example.com');
  });

  it('refuses push devices without the fields a bounce requires, by index', () => {
    const body = webhookBody('push', 'bounced', {
      delivery_id: 'd-1',
      identifiers,
      recipients: [{ device_id: 'a', device_platform: 'ios', failure_message: 'Gone' }, { device_id: 'b' }],
    });
    expect(issuesOf(body)).toStrictEqual([
      { path: 'data.recipients[1].device_platform', problem: 'is required' },
      { path: 'data.recipients[1].failure_message', problem: 'is required' },
    ]);
  });

  it('type-checks the fields it reads on undocumented metrics too', () => {
    const body = webhookBody('sms', 'read', { delivery_id: 7, identifiers: 'ada', recipient: 15551234567 });
    expect(issuesOf(body)).toStrictEqual([
      { path: 'data.delivery_id', problem: 'must be a string' },
      { path: 'data.identifiers', problem: 'must be an object' },
      { path: 'data.recipient', problem: 'must be a string' },
    ]);
  });

  it('is a CustomerIoError whose JSON form carries the issues', () => {
    let caught: unknown;
    try {
      parseReportingWebhook('nope');
    } catch (error) {
      caught = error;
    }
    expect(JSON.parse(JSON.stringify(caught))).toStrictEqual({
      name: 'WebhookPayloadError',
      code: 'webhook_payload',
      message: 'Invalid reporting webhook body: (body): is not valid JSON',
      issues: [{ path: '', problem: 'is not valid JSON' }],
    });
  });
});

describe('types', () => {
  it('narrows by object_type and metric once known', () => {
    const parsed = parseReportingWebhook(webhookBody('email', 'clicked', caseOf('email', 'clicked').data));
    if (!isKnownReportingWebhook(parsed) || parsed.object_type !== 'email' || parsed.metric !== 'clicked') {
      throw new Error('expected an email click');
    }
    const href: string = parsed.data.href;
    const linkId: number = parsed.data.link_id;
    expect([href, linkId, parsed.event_id, parsed.timestamp]).toStrictEqual([
      'https://example.com/pricing',
      3,
      eventId,
      sentAt,
    ]);
  });
});
