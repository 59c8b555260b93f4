/**
 * `customerio-destination/testing`: an emulator of Customer.io's Track API, for tests of code that
 * sends to it. It validates requests against the spec, enforces Customer.io's limits, applies accepted
 * requests to an in-memory workspace, and can fail on purpose. Start with {@link createTrackApiEmulator};
 * to serve it through msw, add `mswHandlers` from `customerio-destination/testing/msw`. Nothing here
 * needs msw.
 * @module customerio-destination/testing
 */
export { defaultEmulatorCredentials, type EmulatorCredentials } from './credentials.js';
export {
  createTrackApiEmulator,
  type TrackApiEmulator,
  type TrackApiEmulatorOptions,
} from './emulator.js';
export type { ApiFamily, BatchItemProblem, Problem } from './error-bodies.js';
export type {
  DelayFault,
  FaultCandidate,
  FaultOptions,
  FaultSpec,
  ResetFault,
  ServerErrorFault,
  ThrottleFault,
} from './faults.js';
export type { ListenOptions } from './http-server.js';
export { limits } from './limits.js';
export type { EmulatedRequest } from './request-log.js';
export type { OperationId } from './routes.js';
export type {
  ObjectRef,
  PersonRef,
  SegmentMember,
  StoredDevice,
  StoredEvent,
  StoredFormSubmission,
  StoredMetric,
  StoredObject,
  StoredPerson,
  StoredRelationship,
  StoredSegment,
  WorkspaceCommand,
  WorkspaceView,
} from './workspace-model.js';
