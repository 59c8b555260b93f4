export type { components, operations, paths } from '../generated/track-api.js';
export { apiErrorFrom, type FetchResult, parseErrorBody, unwrap } from './client/api-result.js';
export { isCustomerIoTrackUrl, type Region, trackApiUrls } from './client/hosts.js';
export type { TrackClientOptions } from './client/options.js';
export type { RequestSnapshot } from './client/redact.js';
export { detectRegion } from './client/region.js';
export {
  ApiError,
  type ApiErrorDetail,
  AuthError,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
} from './client/request-errors.js';
export { maxRetryAfterMs, parseRetryAfter } from './client/retry-after.js';
export { createTrackClient, type TrackClient } from './client/track-client.js';
export { ConfigError, CustomerIoError, InvalidRequestError, isCustomerIoError } from './errors.js';
export { packageVersion } from './version.js';
