/**
 * `customerio-destination/collector`: Segment's Tracking API served in front of Customer.io, so that any
 * Segment client (analytics.js and analytics-next, the mobile SDKs, analytics-node, Customer.io's Data
 * Pipelines SDKs) sends to Customer.io by changing its API host. Start with {@link createCollector}.
 * @module customerio-destination/collector
 */

export type { CloseOptions } from '../delivery/options.js';
export type { DeliveryStats } from '../delivery/stats.js';
export type { DestinationOptions } from '../destination.js';
export { CustomerIoError, isCustomerIoError } from '../errors.js';
export {
  type ConnectionInfo,
  type FetchHandler,
  type NodeListener,
  toNodeListener,
} from '../http/node-listener.js';
export type { DedupeClaim } from '../webhooks/dedupe-store.js';
export type { WebhookEventNaming } from '../webhooks/event-names.js';
export {
  type Collector,
  type CollectorSummary,
  createCollector,
  defaultCollectorQueueSize,
} from './collector.js';
export {
  createMemoryMessageIdStore,
  type MemoryMessageIdStore,
  type MemoryMessageIdStoreOptions,
  type MessageIdStore,
} from './message-id-store.js';
export type {
  CollectorLogger,
  CollectorOptions,
  CollectorSource,
  CollectorWebhookOptions,
} from './options.js';
export { trackingLimits } from './tracking-request.js';
