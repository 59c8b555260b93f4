/** What mapping produces: requests-to-be, typed from the generated spec components. */
import type { components } from '../../generated/track-api.js';

type Schemas = components['schemas'];

/** One v2 operation: exactly the body of `POST /api/v2/entity`, and an item of `POST /api/v2/batch`. */
export interface EntityTrackOperation {
  endpoint: 'entity';
  body: Schemas['EntityOperation'];
}

/** An email delivery metric: exactly the body of `POST /api/v1/metrics`. */
export interface MetricsTrackOperation {
  endpoint: 'metrics';
  body: Schemas['EmailMetric'];
}

/** One request's worth of work for Customer.io, told apart by `endpoint`. */
export type TrackOperation = EntityTrackOperation | MetricsTrackOperation;

/** A change mapping made to the user's data, or a choice it made that the user should know about. */
export interface MappingWarning {
  /** A stable name of the rule, such as `trait_limit_split`, `value_truncated` or `timestamp_dropped`. */
  code: string;
  /** Where, as a path in the input message (`traits.bio`) or in the operation (`operations[1].attributes.bio`). */
  field: string;
  /** A sentence saying what was changed and why. */
  message: string;
}

/** The outcome of mapping one message. */
export interface MappingResult {
  /** In the order they must be sent. Empty when the message was skipped. */
  operations: TrackOperation[];
  warnings: MappingWarning[];
  /** Why nothing is sent, when the message is not for Customer.io (for example `integrations`). */
  skipped?: string;
}
