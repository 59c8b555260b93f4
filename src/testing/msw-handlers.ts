/**
 * The emulator as msw request handlers. msw is an optional peer dependency: it is loaded here, once,
 * and only `emulator.handlers` needs it, so the loopback server works without it.
 */
import type { HttpHandler } from 'msw';
import { CustomerIoError } from '../errors.js';
import type { RequestHandler } from './handle-request.js';

type Msw = typeof import('msw');

const msw: Msw | undefined = await import('msw').catch(() => undefined);

/** An origin to answer, with the path prefix of a base URL such as `https://proxy.example/cio`. */
export interface HandledOrigin {
  origin: string;
  basePath: string;
}

/** Splits a base URL into the origin msw matches and the path prefix the routes sit under. */
export function handledOrigin(baseUrl: string): HandledOrigin {
  const url = new URL(baseUrl);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

export function createMswHandlers(handle: RequestHandler, origins: readonly HandledOrigin[]): HttpHandler[] {
  if (!msw) {
    throw new CustomerIoError(
      'emulator_msw_missing',
      'emulator.handlers needs msw (npm install --save-dev msw); emulator.listen() works without it',
    );
  }
  const { http } = msw;
  return origins.map(({ origin, basePath }) =>
    http.all(`${origin}${basePath}/*`, ({ request }) => handle(request, basePath)),
  );
}
