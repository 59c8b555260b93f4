/**
 * The base URLs the emulator stands for, and which of them a request was sent under: a base URL
 * with a path (`https://proxy.example.com/cio`) puts every route under that prefix.
 */
import { trackApiUrls } from '../client/hosts.js';

/** Both regions' Track hosts, then `extra` when given; without trailing slashes or repeats. */
export function emulatedBaseUrls(extra: string | undefined): string[] {
  const all = [trackApiUrls.us, trackApiUrls.eu, ...(extra === undefined ? [] : [extra])];
  return [...new Set(all.map((baseUrl) => baseUrl.replace(/\/+$/, '')))];
}

/**
 * The path prefix to strip from a request to `url`: the longest path of a base URL at the same origin
 * that the request's path lies under, else '' (the path is routed as it is).
 */
export function basePathFor(url: string, baseUrls: readonly string[]): string {
  const { origin, pathname } = new URL(url);
  let longest = '';
  for (const baseUrl of baseUrls) {
    const base = new URL(baseUrl);
    const basePath = base.pathname.replace(/\/+$/, '');
    if (base.origin !== origin || basePath.length <= longest.length) continue;
    if (pathname === basePath || pathname.startsWith(`${basePath}/`)) longest = basePath;
  }
  return longest;
}
