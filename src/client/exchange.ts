/**
 * What the layers of one request know about each other. openapi-fetch hands middleware and fetch
 * the Request, and callers only the Response, so these weak maps carry the operation name and the
 * redacted request from one to the other without keeping anything alive.
 */
import type { RequestSnapshot } from './redact.js';

/** The request side of a finished exchange, as errors report it. */
export interface Exchange {
  /** Method and path template, such as `PUT /api/v1/customers/{identifier}`. */
  operation: string;
  request: RequestSnapshot;
  /** Values to scrub from anything derived from the response. */
  secrets: readonly string[];
}

const operationsByRequest = new WeakMap<Request, string>();
const exchangesByResponse = new WeakMap<Response, Exchange>();

export function rememberOperation(request: Request, operation: string): void {
  operationsByRequest.set(request, operation);
}

/** The operation a request was made for, or its method and path when it did not come through the typed client. */
export function operationOf(request: Request): string {
  return operationsByRequest.get(request) ?? `${request.method} ${new URL(request.url).pathname}`;
}

export function rememberExchange(response: Response, exchange: Exchange): void {
  exchangesByResponse.set(response, exchange);
}

export function exchangeOf(response: Response): Exchange | undefined {
  return exchangesByResponse.get(response);
}
