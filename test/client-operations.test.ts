import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { components } from '../src/index.js';
import {
  createTestClient,
  euTrackUrl,
  localBaseUrl,
  type SentRequest,
  useTrackApi,
  usTrackUrl,
} from './support/track-api-mock.js';

const proxyBaseUrl = 'https://proxy.example.com/cio';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const defaultUserAgent = `customerio-destination/${version} node/${process.versions.node}`;
const deliveryId = 'RPILAgUBcRhIBqSfeiIwdIYJKxTY';

const customUserAgent = 'acme-pipeline/2.3';
const targets = [
  { where: 'the US host by default', options: {}, prefix: usTrackUrl, userAgent: defaultUserAgent },
  { where: 'the EU host', options: { region: 'eu' }, prefix: euTrackUrl, userAgent: defaultUserAgent },
  {
    where: 'a loopback baseUrl',
    options: { baseUrl: localBaseUrl },
    prefix: localBaseUrl,
    userAgent: defaultUserAgent,
  },
  {
    where: 'a baseUrl with a path prefix and trailing slash, with a custom User-Agent',
    options: { baseUrl: `${proxyBaseUrl}/`, userAgent: customUserAgent },
    prefix: proxyBaseUrl,
    userAgent: customUserAgent,
  },
] as const;

describe.each(targets)(
  'every Track API operation sends exactly the request the spec describes, to $where',
  (target) => {
    const api = useTrackApi({ baseUrl: 'baseUrl' in target.options ? target.options.baseUrl : undefined });
    const client = createTestClient(target.options);
    const authenticated = {
      accept: 'application/json',
      'user-agent': target.userAgent,
      // The emulator logs credentials redacted; its 200 is what proves they were the right ones.
      authorization: 'Basic [redacted]',
    };
    const authenticatedJson = { ...authenticated, 'content-type': 'application/json' };
    const anonymousJson = {
      accept: 'application/json',
      'user-agent': target.userAgent,
      'content-type': 'application/json',
    };

    /** The request as it must arrive, accepted (200) by the operation it was meant for. */
    function expectedRequest(
      operation: SentRequest['operation'],
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: unknown,
    ): SentRequest {
      const url = `${target.prefix}${path}`;
      const bodyText = body === undefined ? '' : JSON.stringify(body);
      return { method, url, path: new URL(url).pathname, headers, body, bodyText, operation, status: 200 };
    }

    it('getRegion: GET /api/v1/accounts/region, authenticated, no body', async () => {
      const { data } = await client.GET('/api/v1/accounts/region');
      expect(data).toEqual({ url: 'https://track.customer.io', region: 'us', environment_id: 1 });
      expect(api.sent()).toEqual([
        expectedRequest('getRegion', 'GET', '/api/v1/accounts/region', authenticated),
      ]);
    });

    it('identifyPerson: PUT /api/v1/customers/{identifier} with the attributes', async () => {
      const body = { email: 'ada@example.com', created_at: 1700000000, plan: 'pro', seats: 3 };
      const { data, error } = await client.PUT('/api/v1/customers/{identifier}', {
        params: { path: { identifier: 'user-42' } },
        body,
      });
      expect({ data, error }).toEqual({ data: {}, error: undefined });
      expect(api.sent()).toEqual([
        expectedRequest('identifyPerson', 'PUT', '/api/v1/customers/user-42', authenticatedJson, body),
      ]);
      expect(api.emulator.workspace.person({ id: 'user-42' })?.attributes).toEqual(body);
    });

    it('identifyPerson: relationships ride along as cio_relationships', async () => {
      const body: components['schemas']['V1PersonAttributes'] = {
        plan: 'pro',
        cio_relationships: {
          action: 'add_relationships',
          relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }],
        },
      };
      await client.PUT('/api/v1/customers/{identifier}', {
        params: { path: { identifier: 'user-42' } },
        body,
      });
      expect(api.sent()).toEqual([
        expectedRequest('identifyPerson', 'PUT', '/api/v1/customers/user-42', authenticatedJson, body),
      ]);
      expect(api.emulator.workspace.relationships()).toMatchObject([
        { object: { objectTypeId: '1', objectId: 'acme' } },
      ]);
    });

    it('deletePerson: DELETE /api/v1/customers/{identifier} without a body or content-type', async () => {
      await client.DELETE('/api/v1/customers/{identifier}', { params: { path: { identifier: 'user-42' } } });
      expect(api.sent()).toEqual([
        expectedRequest('deletePerson', 'DELETE', '/api/v1/customers/user-42', authenticated),
      ]);
    });

    it('addDevice: PUT /api/v1/customers/{identifier}/devices with the device', async () => {
      const body = {
        device: {
          id: '3f2b1c9a',
          platform: 'ios',
          last_used: 1700000000,
          attributes: { app_version: '2.4.1' },
        },
      } as const;
      await client.PUT('/api/v1/customers/{identifier}/devices', {
        params: { path: { identifier: 'user-42' } },
        body,
      });
      expect(api.sent()).toEqual([
        expectedRequest('addDevice', 'PUT', '/api/v1/customers/user-42/devices', authenticatedJson, body),
      ]);
      expect(api.emulator.workspace.person({ id: 'user-42' })?.devices).toEqual([
        { token: '3f2b1c9a', platform: 'ios', lastUsed: 1700000000, attributes: { app_version: '2.4.1' } },
      ]);
    });

    it('deleteDevice: DELETE /api/v1/customers/{identifier}/devices/{device_id}', async () => {
      await client.DELETE('/api/v1/customers/{identifier}/devices/{device_id}', {
        params: { path: { identifier: 'user-42', device_id: '3f2b1c9a' } },
      });
      const path = '/api/v1/customers/user-42/devices/3f2b1c9a';
      expect(api.sent()).toEqual([expectedRequest('deleteDevice', 'DELETE', path, authenticated)]);
    });

    it('suppressPerson: POST /api/v1/customers/{identifier}/suppress without a body', async () => {
      await client.POST('/api/v1/customers/{identifier}/suppress', {
        params: { path: { identifier: 'user-42' } },
      });
      expect(api.sent()).toEqual([
        expectedRequest('suppressPerson', 'POST', '/api/v1/customers/user-42/suppress', authenticated),
      ]);
      expect(api.emulator.workspace.suppressedPeople()).toEqual([{ id: 'user-42' }]);
    });

    it('unsuppressPerson: POST /api/v1/customers/{identifier}/unsuppress without a body', async () => {
      await client.POST('/api/v1/customers/{identifier}/unsuppress', {
        params: { path: { identifier: 'user-42' } },
      });
      expect(api.sent()).toEqual([
        expectedRequest('unsuppressPerson', 'POST', '/api/v1/customers/user-42/unsuppress', authenticated),
      ]);
    });

    it('trackEvent: POST /api/v1/customers/{identifier}/events with the event', async () => {
      const body = {
        name: 'Order Completed',
        id: '01HGW2N7EHJ1K9ZT2Q3R4S5T6V',
        timestamp: 1700000000,
        data: { recipient: 'ada@example.com' },
      };
      await client.POST('/api/v1/customers/{identifier}/events', {
        params: { path: { identifier: 'user-42' } },
        body,
      });
      expect(api.sent()).toEqual([
        expectedRequest('trackEvent', 'POST', '/api/v1/customers/user-42/events', authenticatedJson, body),
      ]);
      expect(api.emulator.workspace.person({ id: 'user-42' })?.events).toEqual([
        { type: 'event', name: body.name, data: body.data, timestamp: body.timestamp, dedupeId: body.id },
      ]);
    });

    it('trackAnonymousEvent: POST /api/v1/events with the anonymous id', async () => {
      const body = {
        anonymous_id: '0c5f6f8e-2d4b-4c1e-9d55-5a1b2c3d4e5f',
        name: 'Video Played',
        type: 'event',
        timestamp: 1700000000,
      } as const;
      await client.POST('/api/v1/events', { body });
      expect(api.sent()).toEqual([
        expectedRequest('trackAnonymousEvent', 'POST', '/api/v1/events', authenticatedJson, body),
      ]);
      expect(api.emulator.workspace.anonymousEvents(body.anonymous_id)).toMatchObject([{ name: body.name }]);
    });

    it('mergePeople: POST /api/v1/merge_customers with primary and secondary', async () => {
      const body = { primary: { id: 'user-42' }, secondary: { email: 'ada@example.com' } };
      await client.POST('/api/v1/merge_customers', { body });
      expect(api.sent()).toEqual([
        expectedRequest('mergePeople', 'POST', '/api/v1/merge_customers', authenticatedJson, body),
      ]);
    });

    it('reportMetric: POST /api/v1/metrics carries no authorization', async () => {
      const body = {
        delivery_id: deliveryId,
        metric: 'bounced',
        timestamp: 1700000000,
        recipient: 'ada@example.com',
        reason: 'mailbox full',
      } as const;
      await client.POST('/api/v1/metrics', { body });
      expect(api.sent()).toEqual([
        expectedRequest('reportMetric', 'POST', '/api/v1/metrics', anonymousJson, body),
      ]);
      expect(api.emulator.workspace.metrics()).toMatchObject([{ deliveryId, metric: 'bounced' }]);
    });

    it('unsubscribe: POST /unsubscribe/{delivery_id} at the host root carries no authorization', async () => {
      const body = { unsubscribe: true };
      await client.POST('/unsubscribe/{delivery_id}', {
        params: { path: { delivery_id: deliveryId } },
        body,
      });
      expect(api.sent()).toEqual([
        expectedRequest('unsubscribe', 'POST', `/unsubscribe/${deliveryId}`, anonymousJson, body),
      ]);
      expect(api.emulator.workspace.unsubscribedDeliveries()).toEqual([deliveryId]);
    });

    it('reportPushMetric: POST /api/v1/push/events carries no authorization', async () => {
      const body = {
        delivery_id: deliveryId,
        event: 'opened',
        device_id: '3f2b1c9a',
        timestamp: 1700000000,
      } as const;
      await client.POST('/api/v1/push/events', { body });
      expect(api.sent()).toEqual([
        expectedRequest('reportPushMetric', 'POST', '/api/v1/push/events', anonymousJson, body),
      ]);
      expect(api.emulator.workspace.metrics()).toMatchObject([
        { deliveryId, metric: 'opened', channel: 'push' },
      ]);
    });

    it('submitForm: POST /api/v1/forms/{form_id}/submit with the fields', async () => {
      const body = { data: { email: 'ada@example.com', first_name: 'Ada' } };
      await client.POST('/api/v1/forms/{form_id}/submit', { params: { path: { form_id: 'sign up' } }, body });
      expect(api.sent()).toEqual([
        expectedRequest('submitForm', 'POST', '/api/v1/forms/sign%20up/submit', authenticatedJson, body),
      ]);
      expect(api.emulator.workspace.person({ email: 'ada@example.com' })?.attributes).toEqual(body.data);
    });

    it('addPeopleToSegment: POST /api/v1/segments/{segment_id}/add_customers, id_type in the query', async () => {
      await client.PUT('/api/v1/customers/{identifier}', {
        params: { path: { identifier: 'user-42' } },
        body: {},
      });
      const body = { ids: ['user-42'] };
      await client.POST('/api/v1/segments/{segment_id}/add_customers', {
        params: { path: { segment_id: 7 }, query: { id_type: 'id' } },
        body,
      });
      const path = '/api/v1/segments/7/add_customers';
      const request = expectedRequest('addPeopleToSegment', 'POST', path, authenticatedJson, body);
      expect(api.sent()[1]).toEqual({ ...request, url: `${request.url}?id_type=id` });
      expect(api.emulator.workspace.segment(7)?.members).toMatchObject([{ id: 'user-42' }]);
    });

    it('removePeopleFromSegment: POST /api/v1/segments/{segment_id}/remove_customers', async () => {
      const body = { ids: ['ada@example.com'] };
      await client.POST('/api/v1/segments/{segment_id}/remove_customers', {
        params: { path: { segment_id: 7 } },
        body,
      });
      expect(api.sent()).toEqual([
        expectedRequest(
          'removePeopleFromSegment',
          'POST',
          '/api/v1/segments/7/remove_customers',
          authenticatedJson,
          body,
        ),
      ]);
    });

    it('sendEntity: POST /api/v2/entity with one operation', async () => {
      const body = {
        type: 'person',
        identifiers: { id: 'user-42' },
        action: 'identify',
        attributes: { email: 'ada@example.com', plan: 'pro' },
      } as const;
      await client.POST('/api/v2/entity', { body });
      expect(api.sent()).toEqual([
        expectedRequest('sendEntity', 'POST', '/api/v2/entity', authenticatedJson, body),
      ]);
      expect(api.emulator.workspace.person({ id: 'user-42' })?.attributes).toEqual(body.attributes);
    });

    it('sendBatch: POST /api/v2/batch with mixed operations', async () => {
      const body: components['schemas']['Batch'] = {
        batch: [
          { type: 'person', identifiers: { id: 'user-42' }, action: 'identify', attributes: { plan: 'pro' } },
          {
            type: 'object',
            identifiers: { object_type_id: '1', object_id: 'acme' },
            action: 'identify',
            attributes: { name: 'Acme Inc.' },
          },
          {
            type: 'delivery',
            identifiers: { id: deliveryId },
            action: 'event',
            name: 'opened',
            attributes: { device_token: '3f2b1c9a' },
          },
        ],
      };
      await client.POST('/api/v2/batch', { body });
      expect(api.sent()).toEqual([
        expectedRequest('sendBatch', 'POST', '/api/v2/batch', authenticatedJson, body),
      ]);
      const { workspace } = api.emulator;
      expect(workspace.person({ id: 'user-42' })?.attributes).toEqual({ plan: 'pro' });
      expect(workspace.object({ objectTypeId: '1', objectId: 'acme' })?.attributes).toEqual({
        name: 'Acme Inc.',
      });
      expect(workspace.metrics()).toMatchObject([{ deliveryId, metric: 'opened', channel: 'push' }]);
    });
  },
);
