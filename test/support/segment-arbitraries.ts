/**
 * fast-check arbitraries for valid Segment-spec messages of all six types, as analytics libraries send
 * them: userId/anonymousId combinations, unicode, nested traits, big strings, many traits, ISO
 * timestamps in their many forms, and the reserved track events.
 */
import fc from 'fast-check';
import {
  anonymousIdArbitrary,
  bigStringArbitrary,
  dataArbitrary,
  email,
  keyArbitrary,
  knownWho,
  propertiesArbitrary,
  timeArbitrary,
  userIdArbitrary,
  valueArbitrary,
  who,
} from './value-arbitraries.js';

// ---- messages ----------------------------------------------------------------------------------

const common = fc.record(
  {
    messageId: fc.oneof(
      fc.uuid(),
      fc.stringMatching(/^ajs-next-[0-9a-f]{32}$/),
      fc.stringMatching(/^01[0-9A-HJKMNP-TV-Z]{24}$/),
    ),
    timestamp: timeArbitrary,
    context: fc.record(
      {
        traits: fc.record({ email }, { requiredKeys: [] }),
        locale: fc.constantFrom('en-US', 'fr-FR', 'ja-JP'),
        page: fc.record({ url: fc.webUrl() }),
      },
      { requiredKeys: [] },
    ),
    // Mostly for Customer.io; now and then switched off, when nothing is sent.
    integrations: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.constantFrom({}, { All: true }, { 'Customer.io': true }, { 'Customer.io': {} }),
      },
      { weight: 1, arbitrary: fc.constantFrom({ 'Customer.io': false }, { All: false }) },
    ),
  },
  { requiredKeys: [] },
);

const withCommon = <T extends object>(specific: fc.Arbitrary<T>) =>
  fc.tuple(common, specific).map(([base, fields]) => ({ ...base, ...fields }));

const reservedTraits = fc.record(
  {
    email,
    createdAt: timeArbitrary,
    created_at: fc.oneof(timeArbitrary, fc.integer({ min: 0, max: 4_000_000_000 })),
    unsubscribed: fc.constantFrom(true, false, 'true', 0),
    name: fc.string({ unit: 'grapheme', maxLength: 20 }),
    address: fc.record({
      city: fc.string(),
      street: fc.string({ unit: 'grapheme' }),
      geo: fc.record({ lat: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
    }),
    bio: bigStringArbitrary,
  },
  { requiredKeys: [] },
);

export const identifyArbitrary = withCommon(
  fc
    .tuple(
      fc.oneof(knownWho, fc.record({ anonymousId: anonymousIdArbitrary })),
      dataArbitrary(),
      reservedTraits,
    )
    .map(([person, data, reserved]) => ({
      type: 'identify' as const,
      ...person,
      traits: { ...data, ...reserved },
    }))
    // An identify names its person by userId or traits.email.
    .filter((message) => 'userId' in message || typeof message.traits.email === 'string'),
);

const eventName = fc.oneof(
  fc.constantFrom('Order Completed', 'Product Viewed', 'Signed Up', 'Épisode regardé', '注文完了 🎉'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((name) => name.trim() !== ''),
  fc.integer({ min: 98, max: 104 }).map((length) => `${'e'.repeat(length - 4)}😀`),
);

export const trackArbitrary = withCommon(
  fc.tuple(who, eventName, propertiesArbitrary).map(([person, event, properties]) => ({
    type: 'track' as const,
    ...person,
    event,
    properties,
  })),
);

export const pageArbitrary = withCommon(
  fc
    .tuple(who, fc.webUrl(), fc.option(fc.string({ maxLength: 30 })), propertiesArbitrary)
    .map(([person, url, name, properties]) => ({
      type: 'page' as const,
      ...person,
      ...(name === null ? {} : { name }),
      properties: { ...properties, url, title: name ?? 'Home' },
    })),
);

export const screenArbitrary = withCommon(
  fc.tuple(who, eventName, propertiesArbitrary).map(([person, name, properties]) => ({
    type: 'screen' as const,
    ...person,
    name,
    properties,
  })),
);

const objectId = fc.oneof(fc.uuid(), fc.stringMatching(/^[a-z]{2,12}$/), fc.integer({ min: 1, max: 10_000 }));

export const groupArbitrary = withCommon(
  fc
    .tuple(
      who,
      objectId,
      fc.record(
        {
          objectAttributes: dataArbitrary(90),
          object_type_id: fc.constantFrom('1', '2', '17', 3),
          relationshipAttributes: fc.dictionary(keyArbitrary, valueArbitrary, { maxKeys: 5 }),
          name: fc.string(),
          createdAt: timeArbitrary,
        },
        { requiredKeys: [] },
      ),
    )
    .map(([person, groupId, traits]) => ({ type: 'group' as const, ...person, groupId, traits })),
);

export const aliasArbitrary = withCommon(
  fc
    .tuple(userIdArbitrary, fc.oneof(userIdArbitrary, anonymousIdArbitrary))
    .map(([userId, previousId]) => ({ type: 'alias' as const, userId, previousId })),
);

const device = fc.record({
  token: fc.stringMatching(/^[0-9a-f]{16,64}$/),
  type: fc.constantFrom('ios', 'android', 'iOS', 'Android', 'iPadOS'),
  model: fc.constantFrom('iPhone15,2', 'Pixel 8'),
});

/** Track events with reserved names, with the fields each needs. */
export const reservedTrackArbitrary = withCommon(
  fc.oneof(
    fc
      .tuple(
        who,
        fc.constantFrom(
          'Application Installed',
          'Application Opened',
          'Device Created or Updated',
          'Application Uninstalled',
          'Device Deleted',
        ),
        device,
        propertiesArbitrary,
      )
      .map(([person, event, deviceFields, properties]) => ({
        type: 'track' as const,
        ...person,
        event,
        properties,
        context: { device: deviceFields, app: { version: '2.4.1' }, os: { version: '17.1' } },
      })),
    fc
      .tuple(knownWho, fc.constantFrom('User Deleted', 'User Suppressed', 'User Unsuppressed'))
      .map(([person, event]) => ({ type: 'track' as const, ...person, event, properties: {} })),
    fc
      .tuple(
        knownWho,
        fc.constantFrom('Object Deleted', 'Relationship Deleted'),
        objectId,
        fc.constantFrom('1', '4'),
      )
      .map(([person, event, id, typeId]) => ({
        type: 'track' as const,
        ...person,
        event,
        properties: { objectId: id, object_type_id: typeId },
      })),
    fc
      .tuple(
        who,
        fc.stringMatching(/^[A-Za-z0-9]{20,28}$/),
        fc.constantFrom(
          'bounced',
          'clicked',
          'converted',
          'deferred',
          'delivered',
          'dropped',
          'opened',
          'spammed',
        ),
        fc.option(fc.webUrl()),
      )
      .map(([person, deliveryId, metric, href]) => ({
        type: 'track' as const,
        ...person,
        event: 'Report Delivery Event',
        properties: { deliveryId, metric, ...(href === null ? {} : { href }), recipient: 'ada@example.com' },
      })),
  ),
);

/** Any valid message of any type. */
export const segmentMessageArbitrary = fc.oneof(
  identifyArbitrary,
  trackArbitrary,
  reservedTrackArbitrary,
  pageArbitrary,
  screenArbitrary,
  groupArbitrary,
  aliasArbitrary,
);
