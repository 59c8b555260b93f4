/**
 * The emulator as any Fetch host sees it: `handle(request)` and the base URLs it stands for. msw is
 * one such host, behind an entry point of its own, so the testing kit's types and code never need msw.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackClient, unwrap } from '../src/index.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { mswHandlers } from '../src/testing/msw.js';
import { basicAuth, identifyOp } from './support/emulator-harness.js';

const proxy = 'https://proxy.example.com/cio';

/** Every package a module imports, statically or dynamically, types included, following relative imports. */
function packagesImportedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(fileURLToPath(new URL(entry, import.meta.url)));
  return packages;
}

function entityRequest(url: string, id: string): Request {
  const { siteId, apiKey } = createTrackApiEmulator().credentials;
  return new Request(url, {
    method: 'POST',
    headers: { authorization: basicAuth(siteId, apiKey), 'content-type': 'application/json' },
    body: JSON.stringify(identifyOp(id)),
  });
}

describe('customerio-destination/testing without msw', () => {
  it('imports msw nowhere, not even for a type', () => {
    const packages = [...packagesImportedBy('../src/testing/index.ts')];
    expect(packages.filter((name) => name === 'msw' || name.startsWith('msw/'))).toEqual([]);
    // The msw entry point is where msw lives.
    expect(packagesImportedBy('../src/testing/msw.ts')).toContain('msw');
  });

  it('has no `handlers`: the msw handlers come from customerio-destination/testing/msw', () => {
    expect('handlers' in createTrackApiEmulator()).toBe(false);
  });
});

describe('emulator.handle and emulator.baseUrls', () => {
  it('lists both regions and the custom base URL, without trailing slashes or repeats', () => {
    expect(createTrackApiEmulator().baseUrls).toEqual([
      'https://track.customer.io',
      'https://track-eu.customer.io',
    ]);
    expect(createTrackApiEmulator({ baseUrl: `${proxy}/` }).baseUrls).toEqual([
      'https://track.customer.io',
      'https://track-eu.customer.io',
      proxy,
    ]);
    expect(createTrackApiEmulator({ baseUrl: 'https://track.customer.io/' }).baseUrls).toHaveLength(2);
  });

  it('answers a Fetch request, routing by the path below a base URL with a path', async () => {
    const emulator = createTrackApiEmulator({ baseUrl: proxy });
    const answers = [
      await emulator.handle(entityRequest(`${proxy}/api/v2/entity`, 'under-proxy')),
      await emulator.handle(entityRequest('https://track.customer.io/api/v2/entity', 'on-track')),
      await emulator.handle(entityRequest('http://localhost:1234/api/v2/entity', 'elsewhere')),
      await emulator.handle(entityRequest('https://proxy.example.com/other/api/v2/entity', 'outside')),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 404]);
    expect(await answers[0]?.json()).toEqual({});
    expect(emulator.workspace.people().map((person) => person.id)).toEqual([
      'under-proxy',
      'on-track',
      'elsewhere',
    ]);
    expect(emulator.requests.map((request) => request.path)).toEqual([
      '/cio/api/v2/entity',
      '/api/v2/entity',
      '/api/v2/entity',
      '/other/api/v2/entity',
    ]);
  });

  it('answers a dropped connection with a network error response', async () => {
    const emulator = createTrackApiEmulator({ faults: { schedule: [{ reset: true }] } });
    const answer = await emulator.handle(entityRequest('https://track.customer.io/api/v2/entity', 'u1'));
    expect(answer.type).toBe('error');
  });

  it('backs emulator.fetch, so a client aimed at a base URL with a path reaches the routes', async () => {
    const emulator = createTrackApiEmulator({ baseUrl: proxy });
    const client = createTrackClient({ ...emulator.clientOptions(), fetch: emulator.fetch });
    expect(emulator.clientOptions().baseUrl).toBe(proxy);
    unwrap(await client.POST('/api/v2/entity', { body: identifyOp('u1') }));
    expect(emulator.workspace.person({ id: 'u1' })).toBeDefined();
  });
});

describe('mswHandlers', () => {
  const emulator = createTrackApiEmulator({ baseUrl: proxy });
  const server = setupServer(...mswHandlers(emulator));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('intercepts every base URL, and nothing else', async () => {
    const credentials = emulator.credentials;
    for (const baseUrl of emulator.baseUrls) {
      const client = createTrackClient({ ...credentials, baseUrl });
      unwrap(await client.POST('/api/v2/entity', { body: identifyOp(baseUrl) }));
    }
    expect(emulator.workspace.people().map((person) => person.id)).toEqual(emulator.baseUrls);
    await expect(
      fetch('https://proxy.example.com/other/api/v2/entity', { method: 'POST' }),
    ).rejects.toThrow();
  });
});
