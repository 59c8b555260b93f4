/**
 * The emulator as msw request handlers. msw is an optional peer dependency: only `emulator.handlers`
 * needs it, so it is loaded on first use and the loopback server and `emulator.fetch` work without it.
 */
import { createRequire } from 'node:module';
import type { HttpHandler } from 'msw';
import { CustomerIoError } from '../errors.js';
import type { RequestHandler } from './handle-request.js';

type Msw = typeof import('msw');

let msw: Msw | undefined;

/**
 * msw, loaded synchronously because `handlers` is a property. Not a top-level `await import()`: that
 * would make this module unloadable by `require()`. On Node >= 20.19, `require` honours msw's
 * `module-sync` export condition, so this is the same ESM instance that `import 'msw/node'` gets.
 */
function loadMsw(): Msw {
  if (msw) return msw;
  try {
    msw = createRequire(import.meta.url)('msw') as Msw;
  } catch (cause) {
    if ((cause as { code?: unknown } | null)?.code !== 'MODULE_NOT_FOUND') throw cause;
    throw new CustomerIoError(
      'emulator_msw_missing',
      'emulator.handlers needs msw (npm install --save-dev msw); emulator.listen() and emulator.fetch work without it',
      { cause },
    );
  }
  return msw;
}

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
  const { http } = loadMsw();
  return origins.map(({ origin, basePath }) =>
    http.all(`${origin}${basePath}/*`, ({ request }) => handle(request, basePath)),
  );
}
