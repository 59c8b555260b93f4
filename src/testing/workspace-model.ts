/**
 * What the emulated workspace holds, as users query it in their tests. Every accepted request is
 * reduced to one of the commands at the bottom of this file and applied in order.
 */
import type { components } from '../../generated/track-api.js';

/** One of a person's identifiers, as v2 bodies carry them. */
export type PersonRef = components['schemas']['PersonIdentifiers'];

/** An event, page view, screen view, or content viewed or clicked, as the workspace stored it. */
export interface StoredEvent {
  /** `viewed_content` and `clicked_content` come from a "Report Content Event" (named by `name` too). */
  type: 'event' | 'page' | 'screen' | 'viewed_content' | 'clicked_content';
  name: string;
  /** The event's data (v1 `data`, v2 `attributes`). */
  data: Record<string, unknown>;
  /** Unix seconds: the event's own timestamp, else the time it was received. */
  timestamp: number;
  /** The deduplication id, when one was sent. */
  dedupeId?: string;
  /** The anonymous id the event was recorded under, when it was anonymous. */
  anonymousId?: string;
}

export interface StoredDevice {
  token: string;
  platform: 'ios' | 'android';
  lastUsed?: number;
  attributes: Record<string, string>;
}

export interface StoredPerson {
  /** Assigned by the workspace, like Customer.io's cio_id. */
  cioId: string;
  id?: string;
  email?: string;
  /** Every attribute, reserved ones (`email`, `created_at`, `unsubscribed`, `anonymous_id`...) included. */
  attributes: Record<string, unknown>;
  suppressed: boolean;
  events: StoredEvent[];
  devices: StoredDevice[];
}

export interface ObjectRef {
  objectTypeId: string;
  objectId: string;
}

export interface StoredObject extends ObjectRef {
  attributes: Record<string, unknown>;
}

export interface StoredRelationship {
  object: ObjectRef;
  /** The person's cio_id, or the anonymous id for a relationship made by `identify_anonymous`. */
  person: { cioId: string } | { anonymousId: string };
  attributes: Record<string, unknown>;
}

export interface StoredMetric {
  deliveryId: string;
  /**
   * `bounced`, `clicked`, `opened`... for email (`/api/v1/metrics`); `opened`, `converted`, `delivered`
   * for push (a v2 delivery operation, or `/api/v1/push/events`).
   */
  metric: string;
  timestamp: number;
  channel: 'email' | 'push';
  /**
   * The rest of the body: recipient, reason, href for email; the device's `device_token` for push (which
   * `/api/v1/push/events` calls `device_id`).
   */
  data: Record<string, unknown>;
}

/** Someone in a manual segment, named by their identifiers as they are now. */
export interface SegmentMember {
  cioId: string;
  id?: string;
  email?: string;
}

export interface StoredSegment {
  segmentId: number;
  /** People in the segment who still exist, in the order they were added. */
  members: SegmentMember[];
}

export interface StoredFormSubmission {
  formId: string;
  /** The fields as submitted, less the names Customer.io reserves (`form_id`, `form_name`...). */
  fields: Record<string, string>;
  /** Unix seconds: when the submission was received. */
  timestamp: number;
  /** The person the submission identified, unless their identifier is suppressed. */
  cioId?: string;
}

/** The state accepted requests produced, queryable in tests. */
export interface WorkspaceView {
  /** People that exist now (deleted and merged-away people excluded), in creation order. */
  people(): StoredPerson[];
  /** The person with this id, email or cio_id (`{ cio_id }` without the `cio_` prefix), if one exists now. */
  person(ref: PersonRef): StoredPerson | undefined;
  /** Identifiers of people deleted (directly or by suppression), oldest first. */
  deletedPeople(): PersonRef[];
  /** Identifiers that are suppressed: an identify for them is ignored until unsuppressed. */
  suppressedPeople(): PersonRef[];
  /** Anonymous events not (yet) merged into a person, optionally for one anonymous id. */
  anonymousEvents(anonymousId?: string): StoredEvent[];
  objects(): StoredObject[];
  object(ref: ObjectRef): StoredObject | undefined;
  relationships(): StoredRelationship[];
  metrics(): StoredMetric[];
  /** Delivery ids whose recipient unsubscribed through `/unsubscribe/{delivery_id}`. */
  unsubscribedDeliveries(): string[];
  /**
   * Manual segments a request added people to or removed them from, in the order first named. The
   * emulator takes every segment a request names to be a manual segment that exists.
   */
  segments(): StoredSegment[];
  /** The manual segment with this id, if a request named it. */
  segment(segmentId: number): StoredSegment | undefined;
  /** Form submissions, oldest first, optionally of one form. */
  formSubmissions(formId?: string): StoredFormSubmission[];
}

/** A change to the workspace, from any accepted request, v1 or v2. */
export type WorkspaceCommand =
  | { kind: 'entity'; operation: components['schemas']['EntityOperation'] }
  | { kind: 'email_metric'; metric: components['schemas']['EmailMetric'] }
  | {
      kind: 'push_metric';
      /** A push metric that names its delivery and what happened. */
      metric: components['schemas']['PushMetric'] &
        Required<Pick<components['schemas']['PushMetric'], 'delivery_id' | 'event'>>;
    }
  | { kind: 'unsubscribe'; deliveryId: string }
  | { kind: 'form_submission'; formId: string; fields: components['schemas']['FormFields'] }
  | {
      kind: 'segment_membership';
      segmentId: number;
      change: 'add' | 'remove';
      /** Which identifier every value of `ids` is. */
      idType: 'id' | 'email' | 'cio_id';
      ids: string[];
    };

/** The workspace as the request handlers drive it. */
export interface Workspace extends WorkspaceView {
  /**
   * Applies one command, as Customer.io would once it accepted the request. Never throws for
   * semantic no-ops (an `_update` for nobody, a merge whose primary does not exist, an event whose
   * dedupe id was seen before, an attribute update older than the stored one): those are ignored.
   * @param receivedAt unix seconds; stands in for a missing timestamp
   */
  apply(command: WorkspaceCommand, receivedAt: number): void;
  /** Forgets everything. */
  reset(): void;
}
