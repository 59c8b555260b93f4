/**
 * Which source a write key belongs to. Keys are compared as SHA-256 digests with `timingSafeEqual`,
 * against every source whatever matches first, so the time taken says nothing about how much of a
 * guess was right, nor which source it came close to.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export class WriteKeys<Source> {
  readonly #entries: Array<{ digest: Buffer; source: Source }>;

  constructor(entries: ReadonlyArray<{ writeKey: string; source: Source }>) {
    this.#entries = entries.map(({ writeKey, source }) => ({ digest: digest(writeKey), source }));
  }

  /** The source of a write key, or undefined for any other string. */
  find(writeKey: string): Source | undefined {
    const given = digest(writeKey);
    let found: Source | undefined;
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, given) && found === undefined) found = entry.source;
    }
    return found;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The write key of HTTP Basic authentication: the user name of `Basic base64("<writeKey>:")`. Undefined
 * when the header is absent, not Basic, or names no user.
 */
export function basicUser(header: string | null): string | undefined {
  if (header === null) return undefined;
  const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user === '' ? undefined : user;
}
