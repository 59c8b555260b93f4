/**
 * The emulator as a fetch function, for clients that take one (`createTrackClient({ fetch })`): no msw,
 * no sockets. It behaves as fetch does where the core cannot: a dropped connection rejects with a
 * TypeError, and an aborted request rejects at once with the signal's reason.
 */
import type { RequestHandler } from './handle-request.js';

export function asFetch(handle: RequestHandler): (request: Request) => Promise<Response> {
  return (request) =>
    new Promise<Response>((resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      handle(request).then(
        (response) => {
          signal.removeEventListener('abort', onAbort);
          if (response.type === 'error') {
            reject(
              new TypeError('fetch failed', {
                cause: new Error('connection reset by the Track API emulator'),
              }),
            );
          } else resolve(response);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
}
