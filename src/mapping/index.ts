/** The mapping core's public API: Segment messages in, Customer.io operations out, without I/O. */
export { ConfigError, CustomerIoError, isCustomerIoError } from '../errors.js';
export { isUlid, ulidTime } from './dedupe-id.js';
export { isEmailShaped } from './identifiers.js';
export type { MappedOperation, OperationSource } from './limits.js';
export { mapMessage } from './map-message.js';
export {
  InvalidMessageError,
  type MessageProblem,
  type MessageRef,
  OversizeError,
  TraitLimitError,
} from './mapping-errors.js';
export {
  type AliasMessage,
  aliasMessageSchema,
  type GroupMessage,
  groupMessageSchema,
  type IdentifyMessage,
  identifyMessageSchema,
  type MessageType,
  type PageMessage,
  pageMessageSchema,
  type ScreenMessage,
  type SegmentMessage,
  screenMessageSchema,
  segmentMessageSchema,
  type TimeValue,
  type TrackMessage,
  trackMessageSchema,
} from './messages.js';
export type {
  EntityTrackOperation,
  MappingResult,
  MappingWarning,
  MetricsTrackOperation,
  TrackOperation,
} from './operations.js';
export {
  defaultMappingOptions,
  type MappingOptions,
  type OversizePolicy,
  type ResolvedMappingOptions,
  type TraitOverflowPolicy,
} from './options.js';
export { type ReservedEvent, reservedEvent } from './reserved-events.js';
