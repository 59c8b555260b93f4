/** Turning an openapi-fetch result into data or a typed ApiError. */
import { exchangeOf } from './exchange.js';
import { scrubSecrets } from './redact.js';
import { ApiError, type ApiErrorDetail, AuthError } from './request-errors.js';
import { parseRetryAfter } from './retry-after.js';

/** The part of an openapi-fetch result this module reads. */
export interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** Longest stretch of an unrecognised body kept in an error message, in characters. */
const rawBodyLimit = 500;

/**
 * The typed error for a result whose response is not a success. The body is read from the result
 * (openapi-fetch has already parsed it), so this never touches the network.
 */
export function apiErrorFrom(result: FetchResult<unknown>): ApiError {
  const { response } = result;
  const exchange = exchangeOf(response);
  const secrets = exchange?.secrets ?? [];
  const details = parseErrorBody(result.error).map((detail) => scrubDetail(detail, secrets));
  const serverMessage = details.length
    ? details.map(formatDetail).join('; ')
    : scrubSecrets(rawText(result.error), secrets).slice(0, rawBodyLimit);
  const init = {
    status: response.status,
    operation: exchange?.operation ?? `${new URL(response.url || 'http://unknown/').pathname}`,
    details,
    serverMessage,
    request: exchange?.request,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  };
  return response.status === 401 ? new AuthError(init) : new ApiError(init);
}

/** The data of a successful result; throws the result's ApiError otherwise. */
export function unwrap<Data>(result: FetchResult<Data>): Data {
  if (result.response.ok && result.error === undefined) return result.data as Data;
  throw apiErrorFrom(result);
}

/** Every problem listed by one of Customer.io's error shapes, or none when the body is none of them. */
export function parseErrorBody(body: unknown): ApiErrorDetail[] {
  if (!isRecord(body)) return [];
  const meta = body.meta;
  if (isRecord(meta)) {
    if (typeof meta.error === 'string' && meta.error) return [{ message: meta.error }];
    if (Array.isArray(meta.errors)) {
      return meta.errors
        .filter((item): item is string => typeof item === 'string')
        .map((message) => ({ message }));
    }
  }
  if (Array.isArray(body.errors)) return body.errors.filter(isRecord).map(parseV2Error);
  return [];
}

function parseV2Error(item: Record<string, unknown>): ApiErrorDetail {
  const detail: ApiErrorDetail = {
    message:
      typeof item.message === 'string' ? item.message : typeof item.reason === 'string' ? item.reason : '',
  };
  if (typeof item.field === 'string') detail.field = item.field;
  if (typeof item.reason === 'string') detail.reason = item.reason;
  if (typeof item.batch_index === 'number' && Number.isInteger(item.batch_index))
    detail.batchIndex = item.batch_index;
  return detail;
}

/** The detail with every text the server wrote scrubbed: it may echo credentials in any of them. */
function scrubDetail(detail: ApiErrorDetail, secrets: readonly string[]): ApiErrorDetail {
  const scrubbed: ApiErrorDetail = { ...detail, message: scrubSecrets(detail.message, secrets) };
  if (detail.field !== undefined) scrubbed.field = scrubSecrets(detail.field, secrets);
  if (detail.reason !== undefined) scrubbed.reason = scrubSecrets(detail.reason, secrets);
  return scrubbed;
}

function formatDetail(detail: ApiErrorDetail): string {
  const where = detail.batchIndex === undefined ? '' : `batch[${detail.batchIndex}] `;
  const field = detail.field ? `${detail.field}: ` : '';
  const reason = detail.reason && detail.reason !== detail.message ? ` (${detail.reason})` : '';
  return `${where}${field}${detail.message}${reason}`;
}

function rawText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body.trim();
  return JSON.stringify(body);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
