/**
 * `verify`: one request that proves the credentials and finds the workspace's region, so a
 * misconfiguration shows up before a replay, not as a file full of failures.
 */
import { trackApiUrls } from '../client/hosts.js';
import { detectRegion } from '../client/region.js';
import { AuthError } from '../client/request-errors.js';
import { ConfigError, isCustomerIoError } from '../errors.js';
import { type CredentialFlags, explainConfigError, resolveCredentials } from './credentials.js';
import { type CliIo, complain, exitCodes, UsageError } from './io.js';

export async function verify(flags: CredentialFlags, io: CliIo): Promise<number> {
  const credentials = resolveCredentials(flags, io.env);
  const { siteId, apiKey, baseUrl, sources } = credentials;
  let region: 'us' | 'eu';
  try {
    region = await detectRegion({ siteId, apiKey, baseUrl });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(explainConfigError(error, credentials));
    const reason = isCustomerIoError(error) ? error.message : String(error);
    if (error instanceof AuthError) {
      complain(
        io,
        `the credentials were refused (Site ID from ${sources.siteId}, API key from ${sources.apiKey}): ${reason}`,
      );
    } else {
      complain(io, `could not check the credentials: ${reason}`);
    }
    return exitCodes.failed;
  }
  const where = baseUrl ?? trackApiUrls[region];
  io.stdout.write(
    `Credentials accepted for Site ID ${siteId}: the workspace is in the ${region} region (${where}).\n`,
  );
  if (credentials.region !== undefined && credentials.region !== region) {
    complain(
      io,
      `${sources.region} says ${credentials.region}, but the workspace is in the ${region} region: set it to ${region}`,
    );
    return exitCodes.failed;
  }
  return exitCodes.ok;
}
