/**
 * `customerio-destination`: Segment-spec analytics messages delivered to Customer.io's Track API from
 * your own process. Start with {@link createDestination}; the Track API client, the mapping functions
 * and the error classes are here too.
 * @module customerio-destination
 */
export type { components, operations, paths } from '../generated/track-api.js';
export { apiErrorFrom, type FetchResult, parseErrorBody, unwrap } from './client/api-result.js';
export { isCustomerIoTrackUrl, type Region, trackApiUrls } from './client/hosts.js';
export type { TrackClientOptions } from './client/options.js';
export type { RequestSnapshot } from './client/redact.js';
export { detectRegion } from './client/region.js';
export {
  ApiError,
  type ApiErrorDetail,
  type ApiErrorInit,
  AuthError,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
} from './client/request-errors.js';
export { maxRetryAfterMs, parseRetryAfter } from './client/retry-after.js';
export { createTrackClient, type TrackClient } from './client/track-client.js';
export type {
  DeliveryResult,
  DeliveryStatus,
  OperationResult,
  OperationStatus,
} from './delivery/delivery-result.js';
export {
  ClosedError,
  DeliveryAbandonedError,
  type DeliveryAbandonedInit,
  DeliveryError,
  type DeliveryErrorInit,
  type DeliveryFailureCode,
} from './delivery/errors.js';
export {
  type CloseOptions,
  type DeliveryLogger,
  type DeliveryOptions,
  defaultDeliveryOptions,
  type RateLimitOptions,
  type RetryOptions,
} from './delivery/options.js';
export type { DeliveryStats } from './delivery/stats.js';
export {
  createDestination,
  type Destination,
  type DestinationOptions,
  type ShorthandMessage,
} from './destination.js';
export { ConfigError, CustomerIoError, InvalidRequestError, isCustomerIoError } from './errors.js';
export {
  type AliasMessage,
  aliasMessageSchema,
  defaultMappingOptions,
  type EntityTrackOperation,
  type GroupMessage,
  groupMessageSchema,
  type IdentifyMessage,
  InvalidMessageError,
  identifyMessageSchema,
  isEmailShaped,
  isUlid,
  type MappingOptions,
  type MappingResult,
  type MappingWarning,
  type MessageProblem,
  type MessageRef,
  type MessageType,
  type MetricsTrackOperation,
  mapMessage,
  OversizeError,
  type OversizePolicy,
  type PageMessage,
  pageMessageSchema,
  type ReservedEvent,
  type ResolvedMappingOptions,
  reservedEvent,
  type ScreenMessage,
  type SegmentMessage,
  screenMessageSchema,
  segmentMessageSchema,
  type TimeValue,
  type TrackMessage,
  type TrackOperation,
  TraitLimitError,
  type TraitOverflowPolicy,
  trackMessageSchema,
  ulidTime,
} from './mapping/index.js';
export { packageVersion } from './version.js';
