/** Plain, credential-free copies of requests, safe to keep in errors and to log. */

/** What an error remembers of the request that failed. */
export interface RequestSnapshot {
  method: string;
  url: string;
  /** Header names in lower case; the Authorization value is replaced by a placeholder. */
  headers: Record<string, string>;
}

const redactedHeaders = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** A placeholder that keeps the authentication scheme, so a reader can still see that credentials were sent. */
function redactValue(value: string): string {
  const scheme = /^\S+(?=\s)/.exec(value)?.[0];
  return scheme ? `${scheme} [redacted]` : '[redacted]';
}

export function snapshotRequest(request: Request): RequestSnapshot {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = redactedHeaders.has(name) ? redactValue(value) : value;
  });
  return { method: request.method, url: request.url, headers };
}

/**
 * Removes every occurrence of the given secrets from a text that may be shown, such as a response
 * body echoed into an error message.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret) result = result.split(secret).join('[redacted]');
  }
  return result;
}
