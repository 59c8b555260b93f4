/**
 * Where a replay sends: Customer.io with the credentials from flags and environment, or the built-in
 * emulator on loopback. Everything that can be wrong with the configuration is found here, before the
 * first line is read.
 */

import { detectRegion } from '../client/region.js';
import { AuthError } from '../client/request-errors.js';
import { createDestination, type Destination, type DestinationOptions } from '../destination.js';
import { ConfigError, isCustomerIoError } from '../errors.js';
import type { TrackApiEmulator } from '../testing/emulator.js';
import {
  type CredentialFlags,
  type Credentials,
  explainConfigError,
  resolveCredentials,
} from './credentials.js';
import { type CliIo, UsageError } from './io.js';

export interface TargetOptions extends CredentialFlags {
  /** Send to the built-in emulator instead of Customer.io. */
  emulator: boolean;
  /** Requests per second. */
  rate: number | undefined;
  /** Most messages unsettled at once. */
  maxQueueSize: number;
  /** Where the destination's own complaints go (refused credentials). */
  log: (line: string) => void;
}

export interface ReplayTarget {
  destination: Destination;
  /** The emulator, when sending to it; its workspace shows what the replay did. */
  emulator: TrackApiEmulator | undefined;
  /** Where the Site ID and the API key came from (a flag or a variable); undefined for the emulator. */
  credentialSources: { siteId: string; apiKey: string } | undefined;
  /** Closes the destination (settling what it holds), then the emulator. */
  close(): Promise<void>;
}

/**
 * Requests the emulator of `--emulator` and of the `emulator` command remembers. A replay's requests
 * are batches of up to 500 KB, each kept as text and as parsed JSON: a hundred of them already take
 * tens of megabytes, and nothing here reads older ones.
 */
export const emulatorLoggedRequests = 100;

export async function openTarget(options: TargetOptions, io: CliIo): Promise<ReplayTarget> {
  const delivery: Partial<DestinationOptions> = {
    rateLimit: options.rate === undefined ? undefined : { requestsPerSecond: options.rate },
    maxQueueSize: options.maxQueueSize,
    logger: { error: once(options.log) },
  };
  if (options.emulator) return emulatorTarget(delivery, options, io);

  const credentials = resolveCredentials(options, io.env);
  const { siteId, apiKey, baseUrl, sources } = credentials;
  const region = credentials.region ?? (baseUrl ? undefined : await detect(credentials, io));
  const destination = create({ siteId, apiKey, region, baseUrl, ...delivery }, credentials);
  return {
    destination,
    emulator: undefined,
    credentialSources: { siteId: sources.siteId ?? '', apiKey: sources.apiKey ?? '' },
    close: () => destination.close(),
  };
}

async function emulatorTarget(
  delivery: Partial<DestinationOptions>,
  options: TargetOptions,
  io: CliIo,
): Promise<ReplayTarget> {
  const given = (['siteId', 'apiKey', 'region', 'baseUrl'] as const).filter(
    (name) => options[name] !== undefined,
  );
  if (given.length > 0) {
    throw new UsageError(
      '--emulator brings its own credentials and URL; leave out --site-id, --api-key, --region and --base-url',
    );
  }
  // Loaded only when asked for: the emulator compiles the whole spec's schemas when it starts.
  const { createTrackApiEmulator } = await import('../testing/index.js');
  const emulator = createTrackApiEmulator({ maxLoggedRequests: emulatorLoggedRequests });
  const { url } = await emulator.listen();
  io.stderr.write(`Sending to the built-in Track API emulator at ${url}; nothing leaves this machine.\n`);
  const destination = create({ ...emulator.clientOptions(), ...delivery });
  return {
    destination,
    emulator,
    credentialSources: undefined,
    async close() {
      try {
        await destination.close();
      } finally {
        await emulator.close();
      }
    },
  };
}

function create(options: DestinationOptions, credentials?: Credentials): Destination {
  try {
    return createDestination(options);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(explainConfigError(error, credentials));
    throw error;
  }
}

/** Asks Customer.io for the workspace's region; this also proves the credentials before anything is read. */
async function detect(credentials: Credentials, io: CliIo) {
  const { siteId, apiKey } = credentials;
  try {
    const region = await detectRegion({ siteId, apiKey });
    io.stderr.write(`Sending to the ${region} region (detected; --region or CUSTOMERIO_REGION to choose).\n`);
    return region;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(explainConfigError(error, credentials));
    const reason = isCustomerIoError(error) ? error.message : String(error);
    if (error instanceof AuthError) {
      const from = [credentials.sources.siteId, credentials.sources.apiKey].join(' and ');
      throw new UsageError(`Customer.io refused the credentials from ${from}; nothing was sent. ${reason}`);
    }
    throw new UsageError(`could not detect the workspace's region: ${reason}. Pass --region us or eu.`);
  }
}

/** The same complaint repeated for every request says nothing more: only the first is shown. */
function once(log: (line: string) => void): (message: string) => void {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    log(message);
  };
}
