import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { components } from '../src/index.js';
import {
  createTestClient,
  euTrackUrl,
  localBaseUrl,
  type RecordedRequest,
  testApiKey,
  testSiteId,
  useTrackApiMock,
  usTrackUrl,
} from './support/track-api-mock.js';

const proxyOrigin = 'https://proxy.example.com';
const api = useTrackApiMock([proxyOrigin]);

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const defaultUserAgent = `customerio-destination/${version} node/${process.versions.node}`;
const authorization = `Basic ${Buffer.from(`${testSiteId}:${testApiKey}`, 'utf8').toString('base64')}`;

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
    options: { baseUrl: `${proxyOrigin}/cio/`, userAgent: customUserAgent },
    prefix: `${proxyOrigin}/cio`,
    userAgent: customUserAgent,
  },
] as const;

function onlyRequest(): RecordedRequest {
  expect(api.requests).toHaveLength(1);
  return api.requests[0] as RecordedRequest;
}

describe.each(targets)(
  'every Track API operation sends exactly the request the spec describes, to $where',
  (target) => {
    const client = createTestClient(target.options);
    const authenticated = { accept: 'application/json', 'user-agent': target.userAgent, authorization };
    const authenticatedJson = { ...authenticated, 'content-type': 'application/json' };
    const anonymousJson = {
      accept: 'application/json',
      'user-agent': target.userAgent,
      'content-type': 'application/json',
    };

    function expectedRequest(method: string, path: string, headers: Record<string, string>, body?: unknown) {
      return {
        method,
        url: `${target.prefix}${path}`,
        path: new URL(`${target.prefix}${path}`).pathname,
        headers,
        body,
        rawBody: body === undefined ? '' : JSON.stringify(body),
      } satisfies RecordedRequest;
    }

    it('getRegion: GET /api/v1/accounts/region, authenticated, no body', async () => {
      const answer = { url: 'https://track-eu.customer.io', region: 'eu', environment_id: 3 };
      api.respondNext({ json: answer });
      const { data } = await client.GET('/api/v1/accounts/region');
      expect(data).toEqual(answer);
      expect(onlyRequest()).toEqual(expectedRequest('GET', '/api/v1/accounts/region', authenticated));
    });

    it('identifyPerson: PUT /api/v1/customers/{identifier} with the attributes', async () => {
      const body = { email: 'ada@example.com', created_at: 1700000000, plan: 'pro', seats: 3 };
      const { data, error } = await client.PUT('/api/v1/customers/{identifier}', {
        params: { path: { identifier: 'user-42' } },
        body,
      });
      expect({ data, error }).toEqual({ data: {}, error: undefined });
      expect(onlyRequest()).toEqual(
        expectedRequest('PUT', '/api/v1/customers/user-42', authenticatedJson, body),
      );
    });

    it('deletePerson: DELETE /api/v1/customers/{identifier} without a body or content-type', async () => {
      await client.DELETE('/api/v1/customers/{identifier}', { params: { path: { identifier: 'user-42' } } });
      expect(onlyRequest()).toEqual(expectedRequest('DELETE', '/api/v1/customers/user-42', authenticated));
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
      expect(onlyRequest()).toEqual(
        expectedRequest('PUT', '/api/v1/customers/user-42/devices', authenticatedJson, body),
      );
    });

    it('deleteDevice: DELETE /api/v1/customers/{identifier}/devices/{device_id}', async () => {
      await client.DELETE('/api/v1/customers/{identifier}/devices/{device_id}', {
        params: { path: { identifier: 'user-42', device_id: '3f2b1c9a' } },
      });
      expect(onlyRequest()).toEqual(
        expectedRequest('DELETE', '/api/v1/customers/user-42/devices/3f2b1c9a', authenticated),
      );
    });

    it('suppressPerson: POST /api/v1/customers/{identifier}/suppress without a body', async () => {
      await client.POST('/api/v1/customers/{identifier}/suppress', {
        params: { path: { identifier: 'user-42' } },
      });
      expect(onlyRequest()).toEqual(
        expectedRequest('POST', '/api/v1/customers/user-42/suppress', authenticated),
      );
    });

    it('unsuppressPerson: POST /api/v1/customers/{identifier}/unsuppress without a body', async () => {
      await client.POST('/api/v1/customers/{identifier}/unsuppress', {
        params: { path: { identifier: 'user-42' } },
      });
      expect(onlyRequest()).toEqual(
        expectedRequest('POST', '/api/v1/customers/user-42/unsuppress', authenticated),
      );
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
      expect(onlyRequest()).toEqual(
        expectedRequest('POST', '/api/v1/customers/user-42/events', authenticatedJson, body),
      );
    });

    it('trackAnonymousEvent: POST /api/v1/events with the anonymous id', async () => {
      const body = {
        anonymous_id: '0c5f6f8e-2d4b-4c1e-9d55-5a1b2c3d4e5f',
        name: 'Video Played',
        type: 'event',
        timestamp: 1700000000,
      } as const;
      await client.POST('/api/v1/events', { body });
      expect(onlyRequest()).toEqual(expectedRequest('POST', '/api/v1/events', authenticatedJson, body));
    });

    it('mergePeople: POST /api/v1/merge_customers with primary and secondary', async () => {
      const body = { primary: { id: 'user-42' }, secondary: { email: 'ada@example.com' } };
      await client.POST('/api/v1/merge_customers', { body });
      expect(onlyRequest()).toEqual(
        expectedRequest('POST', '/api/v1/merge_customers', authenticatedJson, body),
      );
    });

    it('reportMetric: POST /api/v1/metrics carries no authorization', async () => {
      const body = {
        delivery_id: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY',
        metric: 'bounced',
        timestamp: 1700000000,
        recipient: 'ada@example.com',
        reason: 'mailbox full',
      } as const;
      await client.POST('/api/v1/metrics', { body });
      expect(onlyRequest()).toEqual(expectedRequest('POST', '/api/v1/metrics', anonymousJson, body));
    });

    it('unsubscribe: POST /unsubscribe/{delivery_id} at the host root carries no authorization', async () => {
      const body = { unsubscribe: true };
      await client.POST('/unsubscribe/{delivery_id}', {
        params: { path: { delivery_id: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY' } },
        body,
      });
      expect(onlyRequest()).toEqual(
        expectedRequest('POST', '/unsubscribe/RPILAgUBcRhIBqSfeiIwdIYJKxTY', anonymousJson, body),
      );
    });

    it('sendEntity: POST /api/v2/entity with one operation', async () => {
      const body = {
        type: 'person',
        identifiers: { id: 'user-42' },
        action: 'identify',
        attributes: { email: 'ada@example.com', plan: 'pro' },
      } as const;
      await client.POST('/api/v2/entity', { body });
      expect(onlyRequest()).toEqual(expectedRequest('POST', '/api/v2/entity', authenticatedJson, body));
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
            identifiers: { id: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY' },
            action: 'event',
            name: 'opened',
            attributes: { device_token: '3f2b1c9a' },
          },
        ],
      };
      await client.POST('/api/v2/batch', { body });
      expect(onlyRequest()).toEqual(expectedRequest('POST', '/api/v2/batch', authenticatedJson, body));
    });
  },
);
