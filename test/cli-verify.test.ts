/** `verify` against emulators on loopback: accepted, refused, the wrong region, unreachable. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { runCli } from './support/cli-harness.js';

const siteId = 'verify-site';
const apiKey = 'VeRiFyKeY0123456789x';
const wrongKey = 'NoPeNoPe0123456789xY';
const us = createTrackApiEmulator({ siteId, apiKey });
const eu = createTrackApiEmulator({ siteId, apiKey, region: 'eu' });
let usUrl: string;
let euUrl: string;
beforeAll(async () => {
  ({ url: usUrl } = await us.listen());
  ({ url: euUrl } = await eu.listen());
});
afterAll(async () => {
  await us.close();
  await eu.close();
});

describe('verify', () => {
  it('prints the region and exits 0 when the credentials are accepted', async () => {
    const result = await runCli(['verify', '--site-id', siteId, '--api-key', apiKey, '--base-url', euUrl]);
    expect(result).toEqual({
      status: 0,
      stdout: `Credentials accepted for Site ID ${siteId}: the workspace is in the eu region (${euUrl}).\n`,
      stderr: '',
    });
  });

  it('reads the credentials from the environment', async () => {
    const env = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: apiKey, CUSTOMERIO_BASE_URL: usUrl };
    const result = await runCli(['verify'], { env });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('the workspace is in the us region');
  });

  it('exits 1 when they are refused, saying where they came from and never showing the key', async () => {
    const env = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: wrongKey };
    const result = await runCli(['verify', '--base-url', usUrl], { env });

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^customerio-destination: the credentials were refused \(Site ID from CUSTOMERIO_SITE_ID, API key from CUSTOMERIO_API_KEY\): Customer\.io answered 401/,
    );
    expect(result.stderr).not.toContain(wrongKey);
    expect(result.stderr).not.toContain(Buffer.from(`${siteId}:${wrongKey}`).toString('base64'));
  });

  it('exits 1 when the region given is not the workspace region', async () => {
    const env = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: apiKey, CUSTOMERIO_REGION: 'us' };
    const result = await runCli(['verify', '--base-url', euUrl], { env });

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'customerio-destination: CUSTOMERIO_REGION says us, but the workspace is in the eu region: set it to eu\n',
    );
  });

  it('exits 1 when nothing answers', async () => {
    const gone = createTrackApiEmulator();
    const { url } = await gone.listen();
    await gone.close();
    const result = await runCli(['verify', '--site-id', siteId, '--api-key', apiKey, '--base-url', url]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('customerio-destination: could not check the credentials: ');
  });

  it('exits 2 when the credentials are missing or malformed', async () => {
    expect((await runCli(['verify'])).status).toBe(2);
    const result = await runCli([
      'verify',
      '--site-id',
      siteId,
      '--api-key',
      'x'.repeat(30),
      '--base-url',
      usUrl,
    ]);
    expect(result).toMatchObject({
      status: 2,
      stderr:
        'customerio-destination: Invalid option `apiKey`: expected 20 or 64 characters, got 30 (from --api-key)\n',
    });
  });
});
