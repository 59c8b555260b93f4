/** The credentials the emulator accepts, and checking a request's Basic Authorization against them. */

export interface EmulatorCredentials {
  /** The Site ID: the user name of Basic authentication. */
  siteId: string;
  /** The Track API key: the password of Basic authentication. */
  apiKey: string;
}

/**
 * What the emulator accepts unless told otherwise. Fixed values, so tests and fixtures can name them;
 * the key has the 20-character form of a real Track API key.
 */
export const defaultEmulatorCredentials: Readonly<EmulatorCredentials> = Object.freeze({
  siteId: 'emulator-site-id',
  apiKey: 'emulatorapikey000000',
});

/** True when the header is `Basic base64(siteId:apiKey)` for exactly these credentials. */
export function hasCredentials(authorization: string | null, expected: EmulatorCredentials): boolean {
  const encoded = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return false;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)),
    );
  } catch {
    return false;
  }
  // The user name ends at the first colon; the password may contain more.
  const colon = decoded.indexOf(':');
  return (
    colon >= 0 && decoded.slice(0, colon) === expected.siteId && decoded.slice(colon + 1) === expected.apiKey
  );
}
