/**
 * Where the Track API credentials come from: flags first, then the environment. Each value remembers
 * its source, so a complaint can say which flag or variable to fix without ever repeating the value.
 */
import type { Region } from '../client/hosts.js';
import { type CliIo, UsageError } from './io.js';

export const envNames = {
  siteId: 'CUSTOMERIO_SITE_ID',
  apiKey: 'CUSTOMERIO_API_KEY',
  region: 'CUSTOMERIO_REGION',
  baseUrl: 'CUSTOMERIO_BASE_URL',
} as const;

const flagNames = {
  siteId: '--site-id',
  apiKey: '--api-key',
  region: '--region',
  baseUrl: '--base-url',
} as const;

type Setting = keyof typeof envNames;

/** The credential flags as commander parsed them. */
export interface CredentialFlags {
  siteId?: string;
  apiKey?: string;
  region?: string;
  baseUrl?: string;
}

export interface Credentials {
  siteId: string;
  apiKey: string;
  /** Undefined when neither `--region` nor `CUSTOMERIO_REGION` says. */
  region: Region | undefined;
  baseUrl: string | undefined;
  /** The flag or variable each setting came from. */
  sources: Partial<Record<Setting, string>>;
}

/**
 * The credentials from flags and environment.
 * @throws UsageError when the Site ID or API key is missing, or the region is not `us` or `eu`
 */
export function resolveCredentials(flags: CredentialFlags, env: CliIo['env']): Credentials {
  const sources: Partial<Record<Setting, string>> = {};
  const pick = (setting: Setting): string | undefined => {
    const flag = flags[setting];
    if (flag !== undefined) {
      sources[setting] = flagNames[setting];
      return flag;
    }
    // An empty variable is treated as unset, as `export CUSTOMERIO_REGION=` usually means.
    const value = env[envNames[setting]];
    if (value === undefined || value === '') return undefined;
    sources[setting] = envNames[setting];
    return value;
  };
  const siteId = pick('siteId');
  const apiKey = pick('apiKey');
  const region = pick('region');
  const baseUrl = pick('baseUrl');
  const missing = [
    siteId === undefined ? `the Site ID (${flagNames.siteId} or ${envNames.siteId})` : undefined,
    apiKey === undefined ? `the API key (${flagNames.apiKey} or ${envNames.apiKey})` : undefined,
  ].filter((text) => text !== undefined);
  if (siteId === undefined || apiKey === undefined) {
    throw new UsageError(
      `missing ${missing.join(' and ')}; or use --emulator to try it against the built-in emulator`,
    );
  }
  if (region !== undefined && region !== 'us' && region !== 'eu') {
    throw new UsageError(`${sources.region} must be "us" or "eu"`);
  }
  return { siteId, apiKey, region, baseUrl, sources };
}

/** Names of the options of `createTrackClient` that come from the command line. */
const settingOfOption: Record<string, Setting> = {
  siteId: 'siteId',
  apiKey: 'apiKey',
  region: 'region',
  baseUrl: 'baseUrl',
};

/**
 * A ConfigError's message, with the flag or variable the wrong value came from. The library's messages
 * state lengths and rules only, never the value, so this never reveals the API key.
 */
export function explainConfigError(error: { option: string; message: string }, credentials?: Credentials) {
  const setting = settingOfOption[error.option];
  const source = setting === undefined ? undefined : credentials?.sources[setting];
  return source === undefined ? error.message : `${error.message} (from ${source})`;
}
