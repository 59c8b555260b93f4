import { describe, expect, it } from 'vitest';
import { AuthError, detectRegion, UnexpectedResponseError } from '../src/index.js';
import { localBaseUrl, testApiKey, testSiteId, useTrackApiMock } from './support/track-api-mock.js';

const api = useTrackApiMock();
const credentials = { siteId: testSiteId, apiKey: testApiKey };
const authorization = `Basic ${Buffer.from(`${testSiteId}:${testApiKey}`).toString('base64')}`;

describe('detectRegion', () => {
  it('answers "eu" for an EU workspace, asking the US host', async () => {
    api.respondNext({ json: { url: 'https://track-eu.customer.io', region: 'eu', environment_id: 3 } });
    await expect(detectRegion(credentials)).resolves.toBe('eu');
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({
      method: 'GET',
      url: 'https://track.customer.io/api/v1/accounts/region',
      headers: { authorization },
      rawBody: '',
    });
  });

  it('answers "us" for a US workspace', async () => {
    api.respondNext({ json: { url: 'https://track.customer.io', region: 'us', environment_id: 7 } });
    await expect(detectRegion(credentials)).resolves.toBe('us');
  });

  it('falls back on the URL when the region is not one it knows', async () => {
    api.respondNext({ json: { url: 'https://track-eu.customer.io', region: 'eu-central' } });
    await expect(detectRegion(credentials)).resolves.toBe('eu');
  });

  it('throws UnexpectedResponseError when neither the region nor the URL is known', async () => {
    api.respondNext({ json: { url: 'https://track-ap.customer.io', region: 'ap' } });
    await expect(detectRegion(credentials)).rejects.toThrow(
      new UnexpectedResponseError('GET /api/v1/accounts/region', 'unknown region "ap"'),
    );
  });

  it('throws AuthError when the credentials are refused', async () => {
    api.respondNext({ status: 401 });
    const failure = detectRegion(credentials);
    await expect(failure).rejects.toBeInstanceOf(AuthError);
    await expect(failure).rejects.toMatchObject({ status: 401, operation: 'GET /api/v1/accounts/region' });
  });

  it('asks baseUrl when given', async () => {
    api.respondNext({ json: { url: 'https://track.customer.io', region: 'us' } });
    await expect(detectRegion({ ...credentials, baseUrl: localBaseUrl })).resolves.toBe('us');
    expect(api.requests.map((request) => request.url)).toEqual([`${localBaseUrl}/api/v1/accounts/region`]);
  });
});
