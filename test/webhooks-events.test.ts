/**
 * Given a reporting webhook, this exact Segment track message comes out, and the library's own mapping
 * accepts it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { mapMessage, trackMessageSchema } from '../src/mapping/index.js';
import {
  parseReportingWebhook,
  reportingWebhookMetrics,
  type TrackMessage,
  toSegmentEvents,
  webhookEventName,
} from '../src/webhooks/index.js';
import {
  deliveryId,
  eventId,
  identifiers,
  metricCases,
  sentAtIso,
  webhookBody,
} from './support/webhooks-fixtures.js';

const eventsOf = (body: Record<string, unknown>, naming?: 'segment-spec' | 'customerio-source') =>
  toSegmentEvents(parseReportingWebhook(body), { naming });

/** The message mapped by the library, checked to be one event named as the message says. */
function expectMappable(message: TrackMessage): void {
  expect(trackMessageSchema.safeParse(message).success).toBe(true);
  const { operations } = mapMessage(message);
  expect(operations).toHaveLength(1);
  expect(operations[0]?.body).toMatchObject({ action: 'event', name: message.event });
}

describe('every documented metric', () => {
  it.each(metricCases)(
    '$objectType $metric -> "$event"',
    ({ objectType, metric, data, event, properties, traits }) => {
      const events = eventsOf(webhookBody(objectType, metric, data));
      expect(events).toStrictEqual([
        {
          type: 'track',
          event,
          userId: '42',
          messageId: eventId,
          timestamp: sentAtIso,
          properties,
          context: { traits },
        },
      ]);
      expectMappable(events[0] as TrackMessage);
    },
  );

  it("differs between namings only in an email unsubscribe, which Segment's Customer.io source calls Email Unsubscribed", () => {
    const differences = metricCases.flatMap(({ objectType, metric, data }) => {
      const body = webhookBody(objectType, metric, data);
      const [spec] = eventsOf(body, 'segment-spec');
      const [source] = eventsOf(body, 'customerio-source');
      return spec?.event === source?.event ? [] : [[objectType, metric, spec?.event, source?.event]];
    });
    expect(differences).toStrictEqual([['email', 'unsubscribed', 'Unsubscribed', 'Email Unsubscribed']]);
  });

  it("uses Segment's Email spec names for the six email events it names", () => {
    const names = Object.fromEntries(
      ['delivered', 'opened', 'clicked', 'bounced', 'spammed', 'unsubscribed'].map((metric) => [
        metric,
        webhookEventName('email', metric),
      ]),
    );
    expect(names).toStrictEqual({
      delivered: 'Email Delivered',
      opened: 'Email Opened',
      clicked: 'Email Link Clicked',
      bounced: 'Email Bounced',
      spammed: 'Email Marked as Spam',
      unsubscribed: 'Unsubscribed',
    });
  });

  it('gives every documented metric a distinct name', () => {
    const names = Object.entries(reportingWebhookMetrics).flatMap(([objectType, metrics]) =>
      metrics.map((metric) => webhookEventName(objectType, metric)),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses an unknown naming', () => {
    const body = webhookBody('email', 'opened', {
      delivery_id: 'd',
      identifiers,
      recipient: 'a@example.com',
    });
    expect(() =>
      toSegmentEvents(parseReportingWebhook(body), { naming: 'segment' as 'segment-spec' }),
    ).toThrow(ConfigError);
  });
});

describe('who the event is about', () => {
  const delivered = (data: Record<string, unknown>) =>
    eventsOf(webhookBody('email', 'delivered', { delivery_id: deliveryId, ...data }));

  it('sends the email as anonymousId when the person has no id, as the Customer.io source does', () => {
    const [event] = delivered({
      identifiers: { id: null, email: 'ada@example.com', cio_id: 'c1' },
      recipient: 'ada.work@example.com',
    });
    expect(event).toMatchObject({
      anonymousId: 'ada.work@example.com',
      context: { traits: { email: 'ada.work@example.com' } },
    });
    expect(event).not.toHaveProperty('userId');
    expectMappable(event as TrackMessage);
  });

  it('falls back to the deprecated customer_id when identifiers carry no id', () => {
    const [event] = delivered({ identifiers: { id: '' }, customer_id: '77', recipient: 'ada@example.com' });
    expect(event).toMatchObject({ userId: '77' });
  });

  it('falls back to the cio_id, with no traits, when nothing else names the person', () => {
    const [event] = eventsOf(
      webhookBody('push', 'delivered', {
        delivery_id: 'd',
        identifiers: { id: null, email: null, cio_id: 'c1' },
        recipients: [],
      }),
    );
    expect(event).toStrictEqual({
      type: 'track',
      event: 'Push Delivered',
      anonymousId: 'c1',
      messageId: eventId,
      timestamp: sentAtIso,
      properties: { delivery_id: 'd', recipients: [] },
    });
    expectMappable(event as TrackMessage);
  });

  it('produces nothing when nothing names the person (deleted since)', () => {
    expect(
      eventsOf(
        webhookBody('sms', 'failed', { delivery_id: 'd', identifiers: { id: null }, failure_message: 'x' }),
      ),
    ).toStrictEqual([]);
  });

  it('reads the email of a customer event from email_address when identifiers have none', () => {
    const [event] = eventsOf(
      webhookBody('customer', 'unsubscribed', {
        identifiers: { id: null },
        email_address: 'ada@example.com',
      }),
    );
    expect(event).toMatchObject({
      anonymousId: 'ada@example.com',
      context: { traits: { email: 'ada@example.com' } },
    });
  });
});

describe('properties', () => {
  it('joins the distinct reasons of a push that bounced on several devices', () => {
    const [event] = eventsOf(
      webhookBody('push', 'bounced', {
        delivery_id: 'd',
        identifiers,
        recipients: [
          { device_id: 'a', device_platform: 'ios', failure_message: 'BadDeviceToken' },
          { device_id: 'b', device_platform: 'android', failure_message: 'NotRegistered', extra: 1 },
          { device_id: 'c', device_platform: 'ios', failure_message: 'BadDeviceToken' },
        ],
      }),
    );
    expect(event?.properties).toStrictEqual({
      delivery_id: 'd',
      reason: 'BadDeviceToken; NotRegistered',
      recipients: [
        { device_id: 'a', device_platform: 'ios', failure_message: 'BadDeviceToken' },
        { device_id: 'b', device_platform: 'android', failure_message: 'NotRegistered' },
        { device_id: 'c', device_platform: 'ios', failure_message: 'BadDeviceToken' },
      ],
    });
  });

  it('copies broadcast, newsletter and transactional ids where present', () => {
    const [event] = eventsOf(
      webhookBody('email', 'sent', {
        delivery_id: 'd',
        identifiers,
        recipient: 'ada@example.com',
        broadcast_id: 9,
        trigger_id: 1,
        newsletter_id: null,
        transactional_message_id: 44,
        parent_action_id: 2,
        trigger_event_id: '21E4C3CT6YDC7Y4N7FE1GWWABC',
      }),
    );
    expect(event?.properties).toStrictEqual({
      email_id: 'd',
      delivery_id: 'd',
      broadcast_id: 9,
      trigger_id: 1,
      transactional_message_id: 44,
      parent_action_id: 2,
      trigger_event_id: '21E4C3CT6YDC7Y4N7FE1GWWABC',
    });
  });

  it('keeps preferences that are not a JSON object as the content string', () => {
    const [event] = eventsOf(
      webhookBody('customer', 'cio_subscription_preferences_changed', { identifiers, content: 'topic_1=on' }),
    );
    expect(event?.properties).toStrictEqual({ content: 'topic_1=on' });
  });
});

describe('undocumented object types and metrics', () => {
  it.each([
    ['email', 'machine_opened', 'Email Machine Opened'],
    ['push', 'clicked', 'Push Link Clicked'],
    ['inbox_message', 'opened', 'Inbox Message Opened'],
    ['inbox_message', 'spammed', 'Inbox Message Marked as Spam'],
    ['customer', 'deleted', 'Customer Deleted'],
    ['customer', 'cio_merged', 'Customer Cio Merged'],
    ['sms', 'link__tapped_', 'SMS Link Tapped'],
  ])('%s %s -> "%s"', (objectType, metric, name) => {
    expect(webhookEventName(objectType, metric)).toBe(name);
    expect(webhookEventName(objectType, metric, 'customerio-source')).toBe(name);
  });

  it('are sent like documented ones, with the fields read that are present', () => {
    const [event] = eventsOf(
      webhookBody('email', 'machine_opened', {
        delivery_id: 'd',
        identifiers,
        recipient: 'ada@example.com',
        subject: 'Hi',
        campaign_id: 5,
        confidence: 0.9,
      }),
    );
    expect(event).toStrictEqual({
      type: 'track',
      event: 'Email Machine Opened',
      userId: '42',
      messageId: eventId,
      timestamp: sentAtIso,
      properties: { email_id: 'd', delivery_id: 'd', campaign_id: 5, email_subject: 'Hi' },
      context: { traits: { email: 'ada@example.com' } },
    });
    expectMappable(event as TrackMessage);
  });

  it('keep the longest names within 100 bytes', () => {
    const long = `${'a_'.repeat(23)}zz`;
    const name = webhookEventName(long, long);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toBe(`${'A '.repeat(23)}Zz ${'A '.repeat(23)}Zz`);
  });
});

// ---- any webhook --------------------------------------------------------------------------------

const text = fc.string({ unit: 'binary', maxLength: 40 });
/** Ids as people's ids are: non-empty, within Customer.io's 150 bytes, never the bare "cio_" prefix. */
const personId = fc.string({ unit: 'binary', minLength: 1, maxLength: 36 }).filter((id) => id !== 'cio_');
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

const dataOverrides = fc.record(
  {
    identifiers: fc.record(
      { id: nullable(personId), email: nullable(fc.emailAddress()), cio_id: nullable(personId) },
      { requiredKeys: [] },
    ),
    customer_id: nullable(personId),
    campaign_id: nullable(fc.integer()),
    broadcast_id: nullable(fc.nat()),
    subject: text,
    failure_message: text,
    href: fc.webUrl(),
    content: text,
    unknown_field: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const documented = reportingWebhookMetrics as Record<string, readonly string[]>;

const anyWebhook = fc
  .record({
    sample: fc.constantFrom(...metricCases),
    rename: fc.option(
      fc.record({
        field: fc.constantFrom('object_type', 'metric'),
        name: fc.stringMatching(/^[a-z][a-z0-9_]{0,47}$/),
      }),
      { nil: undefined },
    ),
    overrides: dataOverrides,
    event_id: fc.oneof(fc.ulid(), fc.string({ minLength: 1, maxLength: 60 })),
    timestamp: fc.integer({ min: 0, max: 253_402_300_799 }),
  })
  .map(({ sample, rename, overrides, event_id, timestamp }) => {
    let { objectType, metric } = sample;
    // Renamed only to what is not documented: a documented metric would need its own required fields.
    if (rename?.field === 'object_type' && !Object.hasOwn(documented, rename.name)) objectType = rename.name;
    if (rename?.field === 'metric' && !documented[objectType]?.includes(rename.name)) metric = rename.name;
    const body = webhookBody(objectType, metric, { ...sample.data, ...overrides }, { event_id, timestamp });
    return JSON.stringify(body);
  });

describe('any webhook', () => {
  it('becomes at most one track message, which the library maps to one event', () => {
    fc.assert(
      fc.property(anyWebhook, (raw) => {
        const webhook = parseReportingWebhook(raw);
        const events = toSegmentEvents(webhook);
        expect(events.length).toBeLessThanOrEqual(1);
        for (const event of events) {
          expect(event.messageId).toBe(webhook.event_id);
          expect(Date.parse(event.timestamp as string)).toBe(webhook.timestamp * 1000);
          expect([event.userId, event.anonymousId].filter((id) => id !== undefined)).toHaveLength(1);
          expect(Buffer.byteLength(event.event)).toBeLessThanOrEqual(100);
          expectMappable(event);
        }
      }),
      { numRuns: 300 },
    );
  });
});
