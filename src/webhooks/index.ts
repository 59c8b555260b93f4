/**
 * `customerio-destination/webhooks`: Customer.io's signed reporting webhooks (email, push, SMS,
 * WhatsApp, Slack, webhook and in-app message metrics, and subscription changes) received, verified,
 * deduplicated and turned into Segment-spec track messages. Start with {@link createWebhookHandler}.
 * @module customerio-destination/webhooks
 */
export { CustomerIoError, isCustomerIoError } from '../errors.js';
export {
  type ConnectionInfo,
  type FetchHandler,
  type NodeListener,
  toNodeListener,
} from '../http/node-listener.js';
export type { TrackMessage } from '../mapping/messages.js';
export {
  createMemoryDedupeStore,
  type DedupeClaim,
  defaultDedupeMaxEntries,
  defaultDedupeTtlMs,
  type MemoryDedupeStore,
  type MemoryDedupeStoreOptions,
  type WebhookDedupeStore,
} from './dedupe-store.js';
export {
  WebhookPayloadError,
  type WebhookPayloadIssue,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from './errors.js';
export { type WebhookEventNaming, webhookEventName } from './event-names.js';
export {
  createWebhookHandler,
  defaultMaxBodyBytes,
  type WebhookEventsContext,
  type WebhookEventsHandler,
  type WebhookFailureStage,
  type WebhookHandlerOptions,
} from './handler.js';
export { isKnownReportingWebhook, parseReportingWebhook } from './parse-webhook.js';
export {
  type KnownReportingWebhook,
  knownReportingWebhookSchema,
  type ReportingMetric,
  type ReportingObjectType,
  type ReportingWebhook,
  reportingWebhookMetrics,
  type UnknownReportingWebhook,
  unknownReportingWebhookSchema,
} from './payload-schema.js';
export {
  defaultToleranceSeconds,
  type SignWebhookPayloadOptions,
  signWebhookPayload,
  type VerifyWebhookSignatureOptions,
  verifyWebhookSignature,
  type WebhookRawBody,
  type WebhookSignatureHeaders,
  webhookSignatureHeader,
  webhookTimestampHeader,
} from './signature.js';
export { type ForwardedTrack, type ForwardToOptions, forwardTo, type TrackTarget } from './sink.js';
export { type ToSegmentEventsOptions, toSegmentEvents } from './to-segment-events.js';
