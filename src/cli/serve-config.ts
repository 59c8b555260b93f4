/**
 * What `serve` runs: one source from the environment, or several from a JSON configuration file
 * checked with zod. A secret in the file can be given as `{ "env": "NAME" }`, read from the
 * environment, so the file itself can be committed. Every mistake is reported with where it is.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CollectorOptions, CollectorSource } from '../collector/options.js';
import { envNames } from './credentials.js';
import { type CliIo, UsageError } from './io.js';

export const serveEnvNames = {
  writeKey: 'SEGMENT_WRITE_KEY',
  webhookSigningKey: 'CUSTOMERIO_WEBHOOK_SIGNING_KEY',
} as const;

/** The write key `serve --emulator` accepts unless SEGMENT_WRITE_KEY says otherwise. Not a secret. */
export const demoWriteKey = 'demo-write-key';

/** The collector's options that a configuration gives (the logger and the process's metrics are the command's). */
export type ServeConfig = Pick<
  CollectorOptions,
  'sources' | 'allowedOrigins' | 'clientIpHeader' | 'queueWaitMs' | 'retryAfterSeconds' | 'webhooks'
>;

/** A secret: the value itself, or the name of the variable holding it. */
const secret = z.union([z.string().min(1), z.strictObject({ env: z.string().min(1) })]);
type Secret = z.infer<typeof secret>;

const configFileSchema = z.strictObject({
  sources: z
    .array(
      z.strictObject({
        name: z.string().optional(),
        writeKey: secret,
        // Checked in full by createDestination, which names any option it does not know.
        destination: z.looseObject({
          siteId: secret,
          apiKey: secret,
          region: z.enum(['us', 'eu']).optional(),
          baseUrl: z.string().optional(),
        }),
      }),
    )
    .min(1),
  allowedOrigins: z.array(z.string()).optional(),
  clientIpHeader: z.string().optional(),
  queueWaitMs: z.number().optional(),
  retryAfterSeconds: z.number().optional(),
  webhooks: z
    .strictObject({
      signingKey: secret,
      path: z.string().optional(),
      source: z.string().optional(),
      naming: z.enum(['segment-spec', 'customerio-source']).optional(),
    })
    .optional(),
});

/** The configuration in a JSON file. @throws UsageError naming the file and each problem's place */
export async function configFromFile(path: string, env: CliIo['env']): Promise<ServeConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the configuration ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the configuration ${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${pathText(issue.path)}: ${issue.message}`);
    throw new UsageError(`the configuration ${path} is not valid:\n${problems.join('\n')}`);
  }
  const config = parsed.data;
  const value = (given: Secret, where: string): string => {
    if (typeof given === 'string') return given;
    const found = env[given.env];
    if (found === undefined || found === '') {
      throw new UsageError(`${path}: ${where} names the variable ${given.env}, which is not set`);
    }
    return found;
  };
  const sources: CollectorSource[] = config.sources.map((source, index) => {
    const where = `sources[${index}]`;
    const { siteId, apiKey, ...rest } = source.destination;
    return {
      ...(source.name === undefined ? {} : { name: source.name }),
      writeKey: value(source.writeKey, `${where}.writeKey`),
      destination: {
        ...rest,
        siteId: value(siteId, `${where}.destination.siteId`),
        apiKey: value(apiKey, `${where}.destination.apiKey`),
      },
    };
  });
  const { webhooks, ...others } = config;
  return {
    ...others,
    sources,
    ...(webhooks === undefined
      ? {}
      : { webhooks: { ...webhooks, signingKey: value(webhooks.signingKey, 'webhooks.signingKey') } }),
  };
}

/** One source from the environment. @throws UsageError naming what is missing */
export function configFromEnv(env: CliIo['env']): ServeConfig {
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  const writeKey = read(serveEnvNames.writeKey);
  const siteId = read(envNames.siteId);
  const apiKey = read(envNames.apiKey);
  const missing = [
    writeKey === undefined ? serveEnvNames.writeKey : undefined,
    siteId === undefined ? envNames.siteId : undefined,
    apiKey === undefined ? envNames.apiKey : undefined,
  ].filter((name) => name !== undefined);
  if (writeKey === undefined || siteId === undefined || apiKey === undefined) {
    throw new UsageError(
      `missing ${missing.join(', ')}; or give --config FILE for several sources, or use --emulator to try it without credentials`,
    );
  }
  const region = read(envNames.region);
  if (region !== undefined && region !== 'us' && region !== 'eu') {
    throw new UsageError(`${envNames.region} must be "us" or "eu"`);
  }
  const baseUrl = read(envNames.baseUrl);
  const signingKey = read(serveEnvNames.webhookSigningKey);
  return {
    sources: [
      {
        writeKey,
        destination: {
          siteId,
          apiKey,
          ...(region === undefined ? {} : { region }),
          ...(baseUrl === undefined ? {} : { baseUrl }),
        },
      },
    ],
    ...(signingKey === undefined ? {} : { webhooks: { signingKey } }),
  };
}

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the file)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
