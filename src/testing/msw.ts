/**
 * `customerio-destination/testing/msw`: the Track API emulator as msw request handlers, for tests that
 * intercept `fetch` with msw. msw is an optional peer dependency, needed by this entry point only.
 * @module customerio-destination/testing/msw
 */
import { type HttpHandler, http } from 'msw';
import type { TrackApiEmulator } from './emulator.js';

/**
 * One msw handler for each of the emulator's `baseUrls` (both regions' Track hosts, and `baseUrl`
 * when given), each sending what it intercepts to `emulator.handle`.
 * @example
 * const emulator = createTrackApiEmulator();
 * const server = setupServer(...mswHandlers(emulator));
 * server.listen({ onUnhandledRequest: 'error' });
 */
export function mswHandlers(emulator: Pick<TrackApiEmulator, 'baseUrls' | 'handle'>): HttpHandler[] {
  return emulator.baseUrls.map((baseUrl) =>
    http.all(`${baseUrl}/*`, ({ request }) => emulator.handle(request)),
  );
}
