/**
 * A replay with neither a region nor a base URL asks Customer.io for the region first, which also
 * proves the credentials before anything is read. Customer.io's hosts are the emulator here, through msw.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { mswHandlers } from '../src/testing/msw.js';
import { ndjson, runCli } from './support/cli-harness.js';

const emulator = createTrackApiEmulator({ region: 'eu' });
const server = setupServer(...mswHandlers(emulator));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

const message = ndjson({ type: 'identify', userId: 'user-1', traits: { plan: 'pro' } });

describe('replay without a region', () => {
  it('detects it, says so, and sends to that region', async () => {
    const { siteId, apiKey } = emulator.credentials;
    const env = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: apiKey };
    const result = await runCli(['replay', '-'], { stdin: message, env });

    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      'Sending to the eu region (detected; --region or CUSTOMERIO_REGION to choose).',
    );
    expect(emulator.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET https://track.customer.io/api/v1/accounts/region',
      'POST https://track-eu.customer.io/api/v2/entity',
    ]);
  });

  it('exits 2, having read nothing, when Customer.io refuses the credentials', async () => {
    const result = await runCli(['replay', '-', '--site-id', 'site', '--api-key', 'WrOnGkEy0123456789xY'], {
      stdin: message,
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^customerio-destination: Customer\.io refused the credentials from --site-id and --api-key; nothing was sent\./,
    );
    expect(result.stderr).not.toContain('WrOnGkEy0123456789xY');
    expect(emulator.requests).toHaveLength(1);
  });

  it('sends to the region given, without asking', async () => {
    const { siteId, apiKey } = emulator.credentials;
    const result = await runCli(['replay', '-', '--region', 'eu'], {
      stdin: message,
      env: { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: apiKey },
    });

    expect(result.status).toBe(0);
    expect(emulator.requests.map((request) => request.url)).toEqual([
      'https://track-eu.customer.io/api/v2/entity',
    ]);
  });
});
