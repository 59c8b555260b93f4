/**
 * Reads a request body as bytes, stopping at a size limit: the signature covers the exact bytes, and
 * a body is read before anything says who sent it, so its size is all that bounds the memory it takes.
 */

export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false };

/** The body's bytes, or `{ ok: false }` as soon as it is known to exceed `maxBytes`. */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) return { ok: false };
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stops the sender too, rather than reading the rest only to throw it away.
      await reader.cancel().catch(() => undefined);
      return { ok: false };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
