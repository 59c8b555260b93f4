/**
 * The rejections nobody handled while each test of a file ran: a test asserts the list is empty to
 * show that nothing the library does leaves one behind.
 */
import { afterEach, beforeEach } from 'vitest';

/** Registers hooks for the enclosing file or describe block; read `reasons` inside tests. */
export function captureUnhandledRejections(): { readonly reasons: unknown[] } {
  const captured = { reasons: [] as unknown[] };
  const onUnhandled = (reason: unknown) => captured.reasons.push(reason);
  beforeEach(() => {
    captured.reasons.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  return captured;
}
