import { describe, expect, it } from 'vitest';
import { AuthError, detectRegion, UnexpectedResponseError } from '../src/index.js';
import { localBaseUrl, testApiKey, testSiteId, useTrackApi, usTrackUrl } from './support/track-api-mock.js';

const api = useTrackApi();
const credentials = { siteId: testSiteId, apiKey: testApiKey };

describe('detectRegion', () => {
  it('answers "eu" for an EU workspace, asking the US host', async () => {
    api.emulate({ region: 'eu' });
    await expect(detectRegion(credentials)).resolves.toBe('eu');
    // Authorization is logged redacted; the 200 shows the emulator accepted the credentials.
    expect(api.sent()).toEqual([
      {
        method: 'GET',
        url: `${usTrackUrl}/api/v1/accounts/region`,
        path: '/api/v1/accounts/region',
        headers: expect.objectContaining({ authorization: 'Basic [redacted]' }),
        body: undefined,
        bodyText: '',
        operation: 'getRegion',
        status: 200,
      },
    ]);
    expect(api.emulator.requests[0]?.response).toEqual({
      url: 'https://track-eu.customer.io',
      region: 'eu',
      environment_id: 1,
    });
  });

  it('answers "us" for a US workspace', async () => {
    await expect(detectRegion(credentials)).resolves.toBe('us');
    expect(api.emulator.requests[0]?.response).toMatchObject({ region: 'us' });
  });

  it('falls back on the URL when the region is not one it knows', async () => {
    // A region name the Track API does not use today, so only a script can send it.
    api.answerNext({ json: { url: 'https://track-eu.customer.io', region: 'eu-central' } });
    await expect(detectRegion(credentials)).resolves.toBe('eu');
  });

  it('throws UnexpectedResponseError when neither the region nor the URL is known', async () => {
    api.answerNext({ json: { url: 'https://track-ap.customer.io', region: 'ap' } });
    await expect(detectRegion(credentials)).rejects.toThrow(
      new UnexpectedResponseError('GET /api/v1/accounts/region', 'unknown region "ap"'),
    );
  });

  it('throws AuthError when the credentials are refused', async () => {
    const failure = detectRegion({ ...credentials, apiKey: 'wrongkey000000000000' });
    await expect(failure).rejects.toBeInstanceOf(AuthError);
    await expect(failure).rejects.toMatchObject({ status: 401, operation: 'GET /api/v1/accounts/region' });
    expect(api.emulator.requests.map((request) => request.status)).toEqual([401]);
  });

  it('asks baseUrl when given', async () => {
    api.emulate({ baseUrl: localBaseUrl });
    await expect(detectRegion({ ...credentials, baseUrl: localBaseUrl })).resolves.toBe('us');
    expect(api.emulator.requests.map((request) => request.url)).toEqual([
      `${localBaseUrl}/api/v1/accounts/region`,
    ]);
  });
});
