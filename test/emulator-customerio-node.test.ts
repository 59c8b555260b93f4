/**
 * Customer.io's own Node client (`customerio-node`, the pinned dev dependency) against the loopback
 * emulator, method by method: every method of its TrackClient is accepted, and the workspace holds
 * afterwards what Customer.io would.
 */
import { IdentifierType, TrackClient } from 'customerio-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTrackApiEmulator, type StoredPerson } from '../src/testing/index.js';

/** The emulator's clock: a request without a timestamp is stamped with it. */
const nowSeconds = 1_700_000_000;
const emulator = createTrackApiEmulator({ now: () => nowSeconds * 1000 });
let cio: TrackClient;

beforeAll(async () => {
  const { url } = await emulator.listen();
  // The client's `url` is the v1 root; it derives the v2 root and the host root from it.
  cio = new TrackClient(emulator.credentials.siteId, emulator.credentials.apiKey, { url: `${url}/api/v1` });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const { workspace } = emulator;
const deliveryId = 'RPILAgUBcRhIBqSfeiIwdIYJKxTY';

function person(ref: Parameters<typeof workspace.person>[0]): StoredPerson {
  const found = workspace.person(ref);
  if (!found) throw new Error(`nobody is ${JSON.stringify(ref)}`);
  return found;
}

/** Every request so far reached an operation and was answered 200: none was refused or failed. */
function expectAllAccepted(): void {
  const refused = emulator.requests.filter(
    (request) => request.operation === undefined || request.status !== 200,
  );
  expect(refused.map(({ method, path, status, response }) => ({ method, path, status, response }))).toEqual(
    [],
  );
}

/** One case per TrackClient method: it calls the method (after any setup) and checks the workspace. */
const methods: Record<string, () => Promise<void>> = {
  async identify() {
    await cio.identify('5', {
      email: 'customer@example.com',
      created_at: 1361205308,
      first_name: 'Bob',
      plan: 'basic',
      cio_relationships: {
        action: 'add_relationships',
        relationships: [
          {
            identifiers: { object_type_id: '1', object_id: 'acme' },
            relationship_attributes: { role: 'admin' },
          },
        ],
      },
      cio_subscription_preferences: { topics: { topic_1: true } },
    });
    const bob = person({ id: '5' });
    expect(bob).toMatchObject({
      id: '5',
      email: 'customer@example.com',
      attributes: {
        email: 'customer@example.com',
        created_at: 1361205308,
        first_name: 'Bob',
        plan: 'basic',
        cio_subscription_preferences: { topics: { topic_1: true } },
      },
    });
    expect(workspace.objects()).toEqual([{ objectTypeId: '1', objectId: 'acme', attributes: {} }]);
    expect(workspace.relationships()).toEqual([
      {
        object: { objectTypeId: '1', objectId: 'acme' },
        person: { cioId: bob.cioId },
        attributes: { role: 'admin' },
      },
    ]);
  },

  async destroy() {
    await cio.identify('5', { plan: 'basic' });
    await cio.destroy('5');
    expect(workspace.person({ id: '5' })).toBeUndefined();
    expect(workspace.deletedPeople()).toEqual([{ id: '5' }]);
  },

  async suppress() {
    await cio.identify('5', { email: 'customer@example.com' });
    await cio.suppress('5');
    expect(workspace.people()).toEqual([]);
    expect(workspace.suppressedPeople()).toEqual([{ id: '5' }, { email: 'customer@example.com' }]);
  },

  async unsuppress() {
    await cio.suppress('5');
    await cio.unsuppress('5');
    expect(workspace.suppressedPeople()).toEqual([]);
  },

  async track() {
    await cio.track('5', { name: 'purchase', data: { price: 23.45, product: 'socks' } });
    expect(person({ id: '5' }).events).toEqual([
      { type: 'event', name: 'purchase', data: { price: 23.45, product: 'socks' }, timestamp: nowSeconds },
    ]);
  },

  async trackAnonymous() {
    await cio.trackAnonymous('abc123', { name: 'watched_video', data: { video: 'intro-to-platform' } });
    expect(workspace.anonymousEvents('abc123')).toEqual([
      {
        type: 'event',
        name: 'watched_video',
        data: { video: 'intro-to-platform' },
        timestamp: nowSeconds,
        anonymousId: 'abc123',
      },
    ]);
  },

  async trackPageView() {
    await cio.trackPageView('5', '/pricing');
    expect(person({ id: '5' }).events).toEqual([
      { type: 'page', name: '/pricing', data: {}, timestamp: nowSeconds },
    ]);
  },

  async trackPush() {
    await cio.trackPush({
      delivery_id: deliveryId,
      event: 'opened',
      device_id: 'token-1',
      timestamp: 1613063089,
    });
    expect(workspace.metrics()).toEqual([
      {
        deliveryId,
        metric: 'opened',
        timestamp: 1613063089,
        channel: 'push',
        data: { device_token: 'token-1' },
      },
    ]);
  },

  async addDevice() {
    await cio.addDevice('5', 'token-1', 'ios', { last_used: 1699990000, app_version: '2.4.1' });
    expect(person({ id: '5' }).devices).toEqual([
      { token: 'token-1', platform: 'ios', lastUsed: 1699990000, attributes: { app_version: '2.4.1' } },
    ]);
  },

  async deleteDevice() {
    await cio.addDevice('5', 'token-1', 'android');
    await cio.deleteDevice('5', 'token-1');
    expect(person({ id: '5' }).devices).toEqual([]);
  },

  async batch() {
    await cio.batch([
      { type: 'person', identifiers: { id: '42' }, action: 'identify', attributes: { plan: 'premium' } },
      {
        type: 'object',
        identifiers: { object_type_id: '1', object_id: 'acme' },
        action: 'add_relationships',
        cio_relationships: [{ identifiers: { id: '42' } }],
      },
    ]);
    expect(person({ id: '42' }).attributes).toEqual({ plan: 'premium' });
    expect(workspace.relationships()).toEqual([
      {
        object: { objectTypeId: '1', objectId: 'acme' },
        person: { cioId: person({ id: '42' }).cioId },
        attributes: {},
      },
    ]);
  },

  async mergeCustomers() {
    await cio.identify('5', { plan: 'basic' });
    await cio.identify('cperson@gmail.com', { first_name: 'Cool' });
    await cio.mergeCustomers(IdentifierType.Id, '5', IdentifierType.Email, 'cperson@gmail.com');
    expect(workspace.people()).toHaveLength(1);
    expect(person({ id: '5' })).toMatchObject({
      email: 'cperson@gmail.com',
      attributes: { plan: 'basic', first_name: 'Cool', email: 'cperson@gmail.com' },
    });
  },

  async getAccountRegion() {
    expect(await cio.getAccountRegion()).toEqual({
      url: 'https://track.customer.io',
      region: 'us',
      environment_id: 1,
    });
  },

  async entity() {
    await cio.entity({
      type: 'person',
      identifiers: { id: '42' },
      action: 'event',
      name: 'purchase',
      attributes: { price: 29.99 },
    });
    expect(person({ id: '42' }).events).toEqual([
      { type: 'event', name: 'purchase', data: { price: 29.99 }, timestamp: nowSeconds },
    ]);
  },

  async addCustomersToSegment() {
    await cio.identify('5', { email: 'five@example.com' });
    await cio.identify('6', { email: 'six@example.com' });
    await cio.addCustomersToSegment(7, ['5', 'nobody']);
    await cio.addCustomersToSegment('7', ['six@example.com'], IdentifierType.Email);
    const { cioId: five } = person({ id: '5' });
    const { cioId: six } = person({ id: '6' });
    expect(workspace.segment(7)).toEqual({
      segmentId: 7,
      members: [
        { cioId: five, id: '5', email: 'five@example.com' },
        { cioId: six, id: '6', email: 'six@example.com' },
      ],
    });
  },

  async removeCustomersFromSegment() {
    await cio.identify('5', {});
    await cio.identify('6', {});
    await cio.addCustomersToSegment(7, ['5', '6']);
    await cio.removeCustomersFromSegment(7, ['5']);
    expect(workspace.segments()).toEqual([
      { segmentId: 7, members: [{ cioId: person({ id: '6' }).cioId, id: '6' }] },
    ]);
  },

  async submitForm() {
    await cio.submitForm('newsletter', {
      email: 'cool.person@example.com',
      first_name: 'cool',
      fav_food: 'pizza',
    });
    const submitter = person({ email: 'cool.person@example.com' });
    expect(submitter.attributes).toEqual({
      email: 'cool.person@example.com',
      first_name: 'cool',
      fav_food: 'pizza',
    });
    expect(workspace.formSubmissions()).toEqual([
      {
        formId: 'newsletter',
        fields: { email: 'cool.person@example.com', first_name: 'cool', fav_food: 'pizza' },
        timestamp: nowSeconds,
        cioId: submitter.cioId,
      },
    ]);
  },

  async reportMetric() {
    await cio.reportMetric({ delivery_id: deliveryId, metric: 'clicked', href: 'https://example.com/offer' });
    expect(workspace.metrics()).toEqual([
      {
        deliveryId,
        metric: 'clicked',
        timestamp: nowSeconds,
        channel: 'email',
        data: { href: 'https://example.com/offer' },
      },
    ]);
  },

  async unsubscribe() {
    await cio.unsubscribe(deliveryId);
    expect(workspace.unsubscribedDeliveries()).toEqual([deliveryId]);
  },
};

describe("customerio-node's TrackClient against the emulator", () => {
  it('has a case here for every method of the pinned TrackClient', () => {
    const own = Object.getOwnPropertyNames(TrackClient.prototype).filter((name) => name !== 'constructor');
    expect(own.sort()).toEqual(Object.keys(methods).sort());
    expect(own).toHaveLength(19);
  });

  it.each(Object.entries(methods))(
    '%s is accepted and changes the workspace as Customer.io would',
    async (_, run) => {
      await run();
      expect(emulator.requests.length).toBeGreaterThan(0);
      expectAllAccepted();
    },
  );
});
