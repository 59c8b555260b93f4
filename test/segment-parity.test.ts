/**
 * Parity with Segment's Customer.io (Actions) destination, row by row of the README's "How messages
 * map" table: for each input, the operations Segment's destination sends for it (written from its
 * actions' documented defaults and what its tests assert, as of its 2026 releases), ours, and every
 * place where the two differ, each with its reason as the README states it. A difference not listed
 * here fails, and so does a listed reason the README does not give.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dedupeId } from '../src/mapping/dedupe-id.js';
import { InvalidMessageError, type MappingOptions, mapMessage } from '../src/mapping/index.js';
import { destinationWithEmulator } from './support/delivery-harness.js';
import {
  alias,
  entity,
  eventId,
  group,
  identify,
  ms,
  page,
  screen,
  seconds,
  track,
} from './support/segment-messages.js';

/** Why we send something else than Segment; each sentence is in the README's mapping table. */
const because = {
  dedupeId:
    'Customer.io documents the event `id` as a ULID: one derived from the message is sent, the same on every retry, where Segment sends the messageId.',
  identifyTimestamp:
    'The root `timestamp`, which Customer.io documents for ordering attribute updates, is sent; Segment sends none.',
  createdAtInteger:
    '`created_at` is always an integer, as Customer.io types it, where Segment sends a numeric string as it is.',
  magnitude:
    'Numeric times are read by magnitude: milliseconds, microseconds and nanoseconds become seconds with a warning, where Segment sends them as they are.',
  decimalTimestamp:
    "A decimal root timestamp is sent as whole seconds, as Customer.io's schema requires, where Segment sends the string.",
  unreadableTimestamp:
    'An unreadable root timestamp is left out with a warning (Customer.io then uses the time of receipt), where Segment sends it as it is.',
  unsubscribed:
    '`unsubscribed` that reads as neither true nor false is left out with a warning, where Segment sends it as it is.',
  bareCioId:
    'A person id of `cio_` alone names no one and is refused, where Segment sends an empty `cio_id` that Customer.io refuses.',
  anonymousIdentify:
    "An identify needs a userId or `traits.email`: Customer.io's `identify` takes no anonymous id, which Segment sends.",
  pageUrl:
    "Without `properties.url`, the page is named by `context.page.url`, else its name, where Segment's action refuses it.",
  objectTypeId:
    "A non-integer `object_type_id` is refused, since Customer.io's object type ids are integers, where Segment sends any string.",
  objectCreatedAt:
    "`created_at` is sent among the object's attributes: Customer.io's object operations have no root `created_at`, where Segment puts it.",
  groupPerson:
    'The person is named as for a track (userId, else `context.traits.email`, else anonymousId), where Segment reads only the userId and the anonymousId.',
  platform:
    'The platform is normalised (`iPadOS` -> `ios`, `Android` -> `android`), since Customer.io takes only `ios` and `android`, where Segment sends `context.device.type` as it is.',
  deviceStrings:
    "Device attributes are strings, as Customer.io's schema `device_object_common` types them: numbers and booleans become strings, objects and arrays are left out, where Segment keeps JSON types.",
  deviceDescribed:
    '`device_model`, `device_os` (`context.os.name` and `version`, "iOS 17.2") and `device_locale` are added from the context, as RudderStack adds them, unless a property gives them.',
  anonymousDevice:
    'A device event whose device cannot be named (no token, no known person) is sent as an event with a `device_skipped` warning, where Segment sends nothing.',
  alsoTracked: 'With `deviceEventsAlsoTracked: true`, the event is sent too, after the device operation.',
  lifecycleEmail:
    'The person may be named by `context.traits.email` when there is no userId, where Segment needs the userId.',
  anonymousRelationship:
    "A relationship is deleted only from a known person, since Customer.io's `delete_relationships` names people by id, email or cio_id, where Segment sends the anonymous id.",
  metricTime:
    "Without a timestamp, Customer.io's time of receipt applies, where Segment sends the time of mapping.",
  metricMetadata:
    "`properties.actionName` and `actionValue` are not sent as `metadata`, which Customer.io's document does not describe for this endpoint.",
  contentAnonymous:
    'Without an anonymousId the message is refused, where Segment sends it without identifiers, which Customer.io refuses.',
} as const;

type Reason = keyof typeof because;

/** Mapping refuses the message (InvalidMessageError): nothing is sent. */
const refused = 'refused' as const;

interface ParityCase {
  /** The README row, then what the case shows. */
  name: string;
  input: Record<string, unknown>;
  options?: MappingOptions;
  /** What Segment's destination sends; `[]` when it sends nothing (its action refuses the payload). */
  segment: unknown[];
  ours: unknown[] | typeof refused;
  /** Where ours differs from Segment's (paths into the list of operations), and why. */
  differences?: Partial<Record<string, Reason>>;
}

const metrics = (body: Record<string, unknown>) => ({ endpoint: 'metrics', body });
const person = (identifiers: Record<string, string>, action: string, more: Record<string, unknown> = {}) =>
  entity({ type: 'person', identifiers, action, ...more });
const object = (action: string, more: Record<string, unknown>, object_type_id = '1', object_id = 'acme') =>
  entity({ type: 'object', identifiers: { object_type_id, object_id }, action, ...more });

const mobile = {
  device: { token: 'tok-1', type: 'ios', model: 'iPhone15,2' },
  app: { version: '2.4.1' },
  os: { name: 'iOS', version: '17.2' },
  locale: 'fr-FR',
};
/** The ids Segment sends for a message's event: its messageId. */
const segmentEvent = (identifiers: Record<string, string>, name: string, more: Record<string, unknown>) =>
  person(identifiers, 'event', { name, id: 'msg-track', ...more });

const cases: ParityCase[] = [
  {
    name: 'identify: traits as attributes, created_at in seconds, the anonymousId merged',
    input: identify({
      anonymousId: 'anon-1',
      traits: { email: 'ada@example.com', plan: 'pro', createdAt: '2024-03-01T00:00:00Z' },
    }),
    segment: [
      person({ id: 'user-1' }, 'identify', {
        attributes: {
          email: 'ada@example.com',
          plan: 'pro',
          created_at: 1_709_251_200,
          anonymous_id: 'anon-1',
        },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'identify', {
        attributes: {
          email: 'ada@example.com',
          plan: 'pro',
          created_at: 1_709_251_200,
          anonymous_id: 'anon-1',
        },
        timestamp: seconds,
      }),
    ],
    differences: { '[0].body.timestamp': 'identifyTimestamp' },
  },
  {
    name: 'identify: a cio_ id names the person by cio_id',
    input: identify({ userId: 'cio_03ab', timestamp: undefined, traits: { plan: 'pro' } }),
    segment: [person({ cio_id: '03ab' }, 'identify', { attributes: { plan: 'pro' } })],
    ours: [person({ cio_id: '03ab' }, 'identify', { attributes: { plan: 'pro' } })],
  },
  {
    name: 'identify: created_at given as a string of digits',
    input: identify({ timestamp: undefined, traits: { createdAt: '1709251200' } }),
    segment: [person({ id: 'user-1' }, 'identify', { attributes: { created_at: '1709251200' } })],
    ours: [person({ id: 'user-1' }, 'identify', { attributes: { created_at: 1_709_251_200 } })],
    differences: { '[0].body.attributes.created_at': 'createdAtInteger' },
  },
  {
    name: 'identify: created_at given in milliseconds',
    input: identify({ timestamp: undefined, traits: { created_at: '1709251200000' } }),
    segment: [person({ id: 'user-1' }, 'identify', { attributes: { created_at: '1709251200000' } })],
    ours: [person({ id: 'user-1' }, 'identify', { attributes: { created_at: 1_709_251_200 } })],
    differences: { '[0].body.attributes.created_at': 'magnitude' },
  },
  {
    name: 'identify: unsubscribed that is not a boolean',
    input: identify({ timestamp: undefined, traits: { unsubscribed: 'sometimes' } }),
    segment: [person({ id: 'user-1' }, 'identify', { attributes: { unsubscribed: 'sometimes' } })],
    ours: [person({ id: 'user-1' }, 'identify', { attributes: {} })],
    differences: { '[0].body.attributes.unsubscribed': 'unsubscribed' },
  },
  {
    name: 'identify: a userId of "cio_" alone',
    input: identify({ userId: 'cio_', timestamp: undefined, traits: { plan: 'pro' } }),
    segment: [person({ cio_id: '' }, 'identify', { attributes: { plan: 'pro' } })],
    ours: refused,
    differences: { '[0]': 'bareCioId' },
  },
  {
    name: 'identify: only an anonymousId',
    input: identify({ userId: null, anonymousId: 'anon-1', timestamp: undefined, traits: { plan: 'pro' } }),
    segment: [person({ anonymous_id: 'anon-1' }, 'identify', { attributes: { plan: 'pro' } })],
    ours: refused,
    differences: { '[0]': 'anonymousIdentify' },
  },
  {
    name: 'track: an event of a known person, properties as attributes, the anonymousId merged',
    input: track('Order Completed', {
      anonymousId: 'anon-1',
      properties: { total: 42.5, paidAt: '2024-03-01T00:00:00Z' },
    }),
    segment: [
      segmentEvent({ id: 'user-1' }, 'Order Completed', {
        timestamp: seconds,
        attributes: { total: 42.5, paidAt: 1_709_251_200, anonymous_id: 'anon-1' },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'event', {
        name: 'Order Completed',
        id: eventId('msg-track'),
        timestamp: seconds,
        attributes: { total: 42.5, paidAt: 1_709_251_200, anonymous_id: 'anon-1' },
      }),
    ],
    differences: { '[0].body.id': 'dedupeId' },
  },
  {
    name: 'track: an anonymous event',
    input: track('Product Viewed', { userId: null, anonymousId: 'anon-1', properties: { sku: 'A-1' } }),
    segment: [
      segmentEvent({ anonymous_id: 'anon-1' }, 'Product Viewed', {
        timestamp: seconds,
        attributes: { sku: 'A-1' },
      }),
    ],
    ours: [
      person({ anonymous_id: 'anon-1' }, 'event', {
        name: 'Product Viewed',
        id: eventId('msg-track'),
        timestamp: seconds,
        attributes: { sku: 'A-1' },
      }),
    ],
    differences: { '[0].body.id': 'dedupeId' },
  },
  {
    name: 'track: a messageId that is already a ULID is the dedupe id, as Segment sends it',
    input: track('Signed Up', { messageId: '01HGW2N7EHJ1K9ZT2Q3R4S5T6V', properties: {} }),
    segment: [
      person({ id: 'user-1' }, 'event', {
        name: 'Signed Up',
        id: '01HGW2N7EHJ1K9ZT2Q3R4S5T6V',
        timestamp: seconds,
        attributes: {},
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'event', {
        name: 'Signed Up',
        id: '01HGW2N7EHJ1K9ZT2Q3R4S5T6V',
        timestamp: seconds,
        attributes: {},
      }),
    ],
  },
  {
    name: 'track: a decimal root timestamp',
    input: track('Signed Up', { timestamp: '1709294400.25', properties: {} }),
    segment: [segmentEvent({ id: 'user-1' }, 'Signed Up', { timestamp: '1709294400.25', attributes: {} })],
    ours: [
      person({ id: 'user-1' }, 'event', {
        name: 'Signed Up',
        id: eventId('msg-track', ms),
        timestamp: seconds,
        attributes: {},
      }),
    ],
    differences: { '[0].body.id': 'dedupeId', '[0].body.timestamp': 'decimalTimestamp' },
  },
  {
    name: 'track: a root timestamp in milliseconds',
    input: track('Signed Up', { timestamp: String(ms), properties: {} }),
    segment: [segmentEvent({ id: 'user-1' }, 'Signed Up', { timestamp: String(ms), attributes: {} })],
    ours: [
      person({ id: 'user-1' }, 'event', {
        name: 'Signed Up',
        id: eventId('msg-track'),
        timestamp: seconds,
        attributes: {},
      }),
    ],
    differences: { '[0].body.id': 'dedupeId', '[0].body.timestamp': 'magnitude' },
  },
  {
    name: 'track: an unreadable root timestamp',
    input: track('Signed Up', { timestamp: 'last Tuesday', properties: {} }),
    segment: [segmentEvent({ id: 'user-1' }, 'Signed Up', { timestamp: 'last Tuesday', attributes: {} })],
    ours: [
      person({ id: 'user-1' }, 'event', {
        name: 'Signed Up',
        id: dedupeId({ messageId: 'msg-track' }, undefined, null),
        attributes: {},
      }),
    ],
    differences: { '[0].body.id': 'dedupeId', '[0].body.timestamp': 'unreadableTimestamp' },
  },
  {
    name: 'track: context.traits that is not an object is not read, by either',
    input: track('Signed Up', { context: { traits: ['vip'] }, properties: {} }),
    segment: [segmentEvent({ id: 'user-1' }, 'Signed Up', { timestamp: seconds, attributes: {} })],
    ours: [
      person({ id: 'user-1' }, 'event', {
        name: 'Signed Up',
        id: eventId('msg-track'),
        timestamp: seconds,
        attributes: {},
      }),
    ],
    differences: { '[0].body.id': 'dedupeId' },
  },
  {
    name: 'page: named by properties.url',
    input: page({ properties: { url: 'https://example.com/pricing', title: 'Pricing' } }),
    segment: [
      person({ id: 'user-1' }, 'page', {
        name: 'https://example.com/pricing',
        id: 'msg-page',
        timestamp: seconds,
        attributes: { url: 'https://example.com/pricing', title: 'Pricing' },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'page', {
        name: 'https://example.com/pricing',
        id: eventId('msg-page'),
        timestamp: seconds,
        attributes: { url: 'https://example.com/pricing', title: 'Pricing' },
      }),
    ],
    differences: { '[0].body.id': 'dedupeId' },
  },
  {
    name: 'page: no properties.url',
    input: page({ context: { page: { url: 'https://example.com/' } }, properties: {} }),
    segment: [],
    ours: [
      person({ id: 'user-1' }, 'page', {
        name: 'https://example.com/',
        id: eventId('msg-page'),
        timestamp: seconds,
        attributes: {},
      }),
    ],
    differences: { '[0]': 'pageUrl' },
  },
  {
    name: 'screen: named by the screen name',
    input: screen({ name: 'Home', properties: { tab: 2 } }),
    segment: [
      person({ id: 'user-1' }, 'screen', {
        name: 'Home',
        id: 'msg-screen',
        timestamp: seconds,
        attributes: { tab: 2 },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'screen', {
        name: 'Home',
        id: eventId('msg-screen'),
        timestamp: seconds,
        attributes: { tab: 2 },
      }),
    ],
    differences: { '[0].body.id': 'dedupeId' },
  },
  {
    name: 'group: objectAttributes, the anonymousId, and a relationship to the person',
    input: group({
      anonymousId: 'anon-1',
      traits: {
        objectTypeId: '2',
        createdAt: '2024-03-01T00:00:00Z',
        objectAttributes: { name: 'Acme Inc.' },
        relationshipAttributes: { role: 'admin' },
      },
    }),
    segment: [
      object(
        'identify',
        {
          attributes: { name: 'Acme Inc.', anonymous_id: 'anon-1' },
          created_at: 1_709_251_200,
          cio_relationships: [{ identifiers: { id: 'user-1' }, relationship_attributes: { role: 'admin' } }],
        },
        '2',
      ),
    ],
    ours: [
      object(
        'identify',
        {
          attributes: { name: 'Acme Inc.', created_at: 1_709_251_200, anonymous_id: 'anon-1' },
          cio_relationships: [{ identifiers: { id: 'user-1' }, relationship_attributes: { role: 'admin' } }],
        },
        '2',
      ),
    ],
    differences: {
      '[0].body.created_at': 'objectCreatedAt',
      '[0].body.attributes.created_at': 'objectCreatedAt',
    },
  },
  {
    name: 'group: identify_anonymous when only an anonymousId names the person',
    input: group({ userId: null, anonymousId: 'anon-1', traits: { objectAttributes: { plan: 'team' } } }),
    segment: [
      object('identify_anonymous', {
        attributes: { plan: 'team', anonymous_id: 'anon-1' },
        cio_relationships: [{ identifiers: { anonymous_id: 'anon-1' } }],
      }),
    ],
    ours: [
      object('identify_anonymous', {
        attributes: { plan: 'team', anonymous_id: 'anon-1' },
        cio_relationships: [{ identifiers: { anonymous_id: 'anon-1' } }],
      }),
    ],
  },
  {
    name: 'group: a person named by context.traits.email',
    input: group({ userId: null, anonymousId: 'anon-1', context: { traits: { email: 'ada@example.com' } } }),
    segment: [
      object('identify_anonymous', {
        attributes: { anonymous_id: 'anon-1' },
        cio_relationships: [{ identifiers: { anonymous_id: 'anon-1' } }],
      }),
    ],
    ours: [
      object('identify', {
        attributes: { anonymous_id: 'anon-1' },
        cio_relationships: [{ identifiers: { email: 'ada@example.com' } }],
      }),
    ],
    differences: {
      '[0].body.action': 'groupPerson',
      '[0].body.cio_relationships[0].identifiers.anonymous_id': 'groupPerson',
      '[0].body.cio_relationships[0].identifiers.email': 'groupPerson',
    },
  },
  {
    name: 'group: an object type that is not an integer',
    input: group({ traits: { object_type_id: 'company' } }),
    segment: [
      object(
        'identify',
        { attributes: {}, cio_relationships: [{ identifiers: { id: 'user-1' } }] },
        'company',
      ),
    ],
    ours: refused,
    differences: { '[0]': 'objectTypeId' },
  },
  {
    name: 'alias: primary userId, secondary previousId',
    input: alias({ userId: 'ada@example.com', previousId: 'cio_03ab' }),
    segment: [
      entity({
        type: 'person',
        action: 'merge',
        primary: { email: 'ada@example.com' },
        secondary: { cio_id: '03ab' },
      }),
    ],
    ours: [
      entity({
        type: 'person',
        action: 'merge',
        primary: { email: 'ada@example.com' },
        secondary: { cio_id: '03ab' },
      }),
    ],
  },
  {
    name: 'Application Installed: the device, and no event',
    input: track('Application Installed', { context: mobile, properties: { source: 'store' } }),
    segment: [
      person({ id: 'user-1' }, 'add_device', {
        device: {
          token: 'tok-1',
          platform: 'ios',
          last_used: seconds,
          attributes: { source: 'store', app_version: '2.4.1' },
        },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'add_device', {
        device: {
          token: 'tok-1',
          platform: 'ios',
          last_used: seconds,
          attributes: {
            source: 'store',
            app_version: '2.4.1',
            device_model: 'iPhone15,2',
            device_os: 'iOS 17.2',
            device_locale: 'fr-FR',
          },
        },
      }),
    ],
    differences: {
      '[0].body.device.attributes.device_model': 'deviceDescribed',
      '[0].body.device.attributes.device_os': 'deviceDescribed',
      '[0].body.device.attributes.device_locale': 'deviceDescribed',
    },
  },
  {
    name: 'Application Opened: numbers and booleans among the device attributes',
    input: track('Application Opened', {
      context: { device: { token: 'tok-1', type: 'android' } },
      properties: { from_background: false, build: 241 },
    }),
    segment: [
      person({ id: 'user-1' }, 'add_device', {
        device: {
          token: 'tok-1',
          platform: 'android',
          last_used: seconds,
          attributes: { from_background: false, build: 241 },
        },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'add_device', {
        device: {
          token: 'tok-1',
          platform: 'android',
          last_used: seconds,
          attributes: { from_background: 'false', build: '241' },
        },
      }),
    ],
    differences: {
      '[0].body.device.attributes.from_background': 'deviceStrings',
      '[0].body.device.attributes.build': 'deviceStrings',
    },
  },
  {
    name: 'Device Created or Updated: the platform of an iPad',
    input: track('Device Created or Updated', {
      context: { device: { token: 'tok-1', type: 'iPadOS' } },
      properties: { source: 'settings' },
    }),
    segment: [
      person({ id: 'user-1' }, 'add_device', {
        device: {
          token: 'tok-1',
          platform: 'iPadOS',
          last_used: seconds,
          attributes: { source: 'settings' },
        },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'add_device', {
        device: { token: 'tok-1', platform: 'ios', last_used: seconds, attributes: { source: 'settings' } },
      }),
    ],
    differences: { '[0].body.device.platform': 'platform' },
  },
  {
    name: 'Application Installed with deviceEventsAlsoTracked',
    input: track('Application Installed', {
      context: { device: { token: 'tok-1', type: 'ios' }, app: { version: '2.4.1' } },
      properties: {},
    }),
    options: { deviceEventsAlsoTracked: true },
    segment: [
      person({ id: 'user-1' }, 'add_device', {
        device: { token: 'tok-1', platform: 'ios', last_used: seconds, attributes: { app_version: '2.4.1' } },
      }),
    ],
    ours: [
      person({ id: 'user-1' }, 'add_device', {
        device: { token: 'tok-1', platform: 'ios', last_used: seconds, attributes: { app_version: '2.4.1' } },
      }),
      person({ id: 'user-1' }, 'event', {
        name: 'Application Installed',
        id: eventId('msg-track'),
        timestamp: seconds,
        attributes: {},
      }),
    ],
    differences: { '[1]': 'alsoTracked' },
  },
  {
    name: 'Application Opened of an anonymous visitor',
    input: track('Application Opened', {
      userId: null,
      anonymousId: 'anon-1',
      context: mobile,
      properties: {},
    }),
    segment: [],
    ours: [
      person({ anonymous_id: 'anon-1' }, 'event', {
        name: 'Application Opened',
        id: eventId('msg-track'),
        timestamp: seconds,
        attributes: {},
      }),
    ],
    differences: { '[0]': 'anonymousDevice' },
  },
  {
    name: 'Application Uninstalled: the device deleted, and no event',
    input: track('Application Uninstalled', { context: mobile, properties: {} }),
    segment: [person({ id: 'user-1' }, 'delete_device', { device: { token: 'tok-1' } })],
    ours: [person({ id: 'user-1' }, 'delete_device', { device: { token: 'tok-1' } })],
  },
  {
    name: 'User Suppressed',
    input: track('User Suppressed', { properties: {} }),
    segment: [person({ id: 'user-1' }, 'suppress')],
    ours: [person({ id: 'user-1' }, 'suppress')],
  },
  {
    name: 'User Deleted of a person known by email only',
    input: track('User Deleted', { userId: null, context: { traits: { email: 'ada@example.com' } } }),
    segment: [],
    ours: [person({ email: 'ada@example.com' }, 'delete')],
    differences: { '[0]': 'lifecycleEmail' },
  },
  {
    name: 'Object Deleted',
    input: track('Object Deleted', { properties: { objectId: 'acme', objectTypeId: '2' } }),
    segment: [object('delete', {}, '2')],
    ours: [object('delete', {}, '2')],
  },
  {
    name: 'Relationship Deleted, with the anonymousId',
    input: track('Relationship Deleted', {
      anonymousId: 'anon-1',
      context: { groupId: 'acme' },
      properties: { objectId: 'acme', objectTypeId: '2' },
    }),
    segment: [
      object(
        'delete_relationships',
        { attributes: { anonymous_id: 'anon-1' }, cio_relationships: [{ identifiers: { id: 'user-1' } }] },
        '2',
      ),
    ],
    ours: [
      object(
        'delete_relationships',
        { attributes: { anonymous_id: 'anon-1' }, cio_relationships: [{ identifiers: { id: 'user-1' } }] },
        '2',
      ),
    ],
  },
  {
    name: 'Relationship Deleted of an anonymous visitor',
    input: track('Relationship Deleted', {
      userId: null,
      anonymousId: 'anon-1',
      properties: { objectId: 'acme' },
    }),
    segment: [
      object('delete_relationships', {
        attributes: {},
        cio_relationships: [{ identifiers: { anonymous_id: 'anon-1' } }],
      }),
    ],
    ours: refused,
    differences: { '[0]': 'anonymousRelationship' },
  },
  {
    name: 'Report Delivery Event',
    input: track('Report Delivery Event', {
      properties: { deliveryId: 'dlv-1', metric: 'clicked', href: 'https://example.com/' },
    }),
    segment: [
      metrics({ delivery_id: 'dlv-1', metric: 'clicked', timestamp: seconds, href: 'https://example.com/' }),
    ],
    ours: [
      metrics({ delivery_id: 'dlv-1', metric: 'clicked', timestamp: seconds, href: 'https://example.com/' }),
    ],
  },
  {
    name: 'Report Delivery Event without a timestamp',
    input: track('Report Delivery Event', {
      timestamp: undefined,
      properties: { deliveryId: 'dlv-1', metric: 'opened' },
    }),
    segment: [metrics({ delivery_id: 'dlv-1', metric: 'opened', timestamp: 'the time of mapping' })],
    ours: [metrics({ delivery_id: 'dlv-1', metric: 'opened' })],
    differences: { '[0].body.timestamp': 'metricTime' },
  },
  {
    name: 'Report Delivery Event with an in-app action',
    input: track('Report Delivery Event', {
      properties: { deliveryId: 'dlv-1', metric: 'clicked', actionName: 'cta', actionValue: 'buy' },
    }),
    segment: [
      metrics({
        delivery_id: 'dlv-1',
        metric: 'clicked',
        timestamp: seconds,
        metadata: { action_name: 'cta', action_value: 'buy' },
      }),
    ],
    ours: [metrics({ delivery_id: 'dlv-1', metric: 'clicked', timestamp: seconds })],
    differences: {
      '[0].body.metadata': 'metricMetadata',
    },
  },
  {
    name: 'Report Content Event: viewed',
    input: track('Report Content Event', {
      anonymousId: 'anon-1',
      properties: { actionType: 'viewed_content', contentType: 'card', contentId: 1, templateId: 1 },
    }),
    segment: [
      person({ anonymous_id: 'anon-1' }, 'viewed_content', {
        name: 'viewed_content',
        timestamp: seconds,
        attributes: { contentType: 'card', contentId: 1, templateId: 1 },
      }),
    ],
    ours: [
      person({ anonymous_id: 'anon-1' }, 'viewed_content', {
        name: 'viewed_content',
        timestamp: seconds,
        attributes: { contentType: 'card', contentId: 1, templateId: 1 },
      }),
    ],
  },
  {
    name: 'Report Content Event: clicked',
    input: track('Report Content Event', {
      anonymousId: 'anon-1',
      properties: { actionType: 'clicked_content', contentId: 1, actionName: 'cta', actionValue: 'buy' },
    }),
    segment: [
      person({ anonymous_id: 'anon-1' }, 'clicked_content', {
        name: 'clicked_content',
        timestamp: seconds,
        attributes: { contentId: 1, actionName: 'cta', actionValue: 'buy' },
      }),
    ],
    ours: [
      person({ anonymous_id: 'anon-1' }, 'clicked_content', {
        name: 'clicked_content',
        timestamp: seconds,
        attributes: { contentId: 1, actionName: 'cta', actionValue: 'buy' },
      }),
    ],
  },
  {
    name: 'Report Content Event without an anonymousId',
    input: track('Report Content Event', { properties: { actionType: 'viewed_content' } }),
    segment: [
      entity({
        type: 'person',
        action: 'viewed_content',
        name: 'viewed_content',
        timestamp: seconds,
        attributes: {},
      }),
    ],
    ours: refused,
    differences: { '[0]': 'contentAnonymous' },
  },
  {
    name: 'integrations: {"Customer.io": false}: nothing, from either',
    input: track('Ad Clicked', { integrations: { 'Customer.io': false } }),
    segment: [],
    ours: [],
  },
];

/** Every path where `a` and `b` differ: down to the values, a key one side lacks named at its own path. */
function differingPaths(a: unknown, b: unknown, path = ''): string[] {
  if (Object.is(a, b)) return [];
  const aObject = typeof a === 'object' && a !== null;
  const bObject = typeof b === 'object' && b !== null;
  if (!aObject || !bObject || Array.isArray(a) !== Array.isArray(b)) return [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => {
    const inA = Object.hasOwn(a, key);
    const inB = Object.hasOwn(b, key);
    const at = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
    if (!inA || !inB) return [at];
    return differingPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], at);
  });
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe("parity with Segment's Customer.io destination", () => {
  it.each(cases)('$name', ({ input, options, segment, ours, differences = {} }) => {
    let sent: unknown[];
    if (ours === refused) {
      expect(() => mapMessage(input, options)).toThrow(InvalidMessageError);
      sent = [];
    } else {
      sent = mapMessage(input, options).operations;
      expect(sent).toStrictEqual(ours);
    }
    expect(differingPaths(sent, segment).sort()).toStrictEqual(Object.keys(differences).sort());
  });

  it("gives every reason in the README's mapping table, and uses every reason it gives", () => {
    const used = new Set(cases.flatMap((parity) => Object.values(parity.differences ?? {})));
    for (const reason of Object.keys(because) as Reason[]) {
      expect(readme, reason).toContain(because[reason]);
      expect(used, reason).toContain(reason);
    }
  });
});

describe('what reaches the workspace, through createDestination and the emulator', () => {
  const installed = track('Application Installed', {
    context: { device: { token: 'tok-1', type: 'iOS' }, app: { version: '2.4.1' } },
    properties: { build: 241 },
  });

  it('a device event adds the device and records no event', async () => {
    const { emulator, destination } = destinationWithEmulator();
    expect((await destination.send(installed as never)).status).toBe('delivered');
    await destination.close();
    const stored = emulator.workspace.person({ id: 'user-1' });
    expect(stored?.devices).toStrictEqual([
      {
        token: 'tok-1',
        platform: 'ios',
        lastUsed: seconds,
        attributes: { build: '241', app_version: '2.4.1' },
      },
    ]);
    expect(stored?.events).toStrictEqual([]);
  });

  it('deviceEventsAlsoTracked, given to createDestination, records the event too', async () => {
    const { emulator, destination } = destinationWithEmulator({}, { deviceEventsAlsoTracked: true });
    await destination.send(installed as never);
    await destination.close();
    const stored = emulator.workspace.person({ id: 'user-1' });
    expect(stored?.devices.map((device) => device.token)).toStrictEqual(['tok-1']);
    expect(stored?.events.map((event) => event.name)).toStrictEqual(['Application Installed']);
  });

  it('a Report Content Event is recorded under the anonymous id', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const viewed = track('Report Content Event', {
      userId: null,
      anonymousId: 'anon-1',
      properties: { actionType: 'viewed_content', contentId: 1 },
    });
    expect((await destination.send(viewed as never)).status).toBe('delivered');
    await destination.close();
    expect(emulator.workspace.anonymousEvents('anon-1')).toStrictEqual([
      {
        type: 'viewed_content',
        name: 'viewed_content',
        data: { contentId: 1 },
        timestamp: seconds,
        anonymousId: 'anon-1',
      },
    ]);
  });
});
