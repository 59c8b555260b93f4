/**
 * `serve`: the collector as a service. Segment's Tracking API on HTTP, structured JSON logs on stdout
 * (pino), metrics on `/metrics`. Ctrl-C or SIGTERM drains it: requests are answered 503 and `/ready`
 * says so, what was accepted is delivered (within `--grace` seconds after SIGTERM), then a summary is
 * logged and the process ends.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DestinationStream, pino } from 'pino';
import { detectRegion } from '../client/region.js';
import { type Collector, createCollector } from '../collector/collector.js';
import type { DeliveryStats } from '../delivery/stats.js';
import { ConfigError, isCustomerIoError } from '../errors.js';
import { nodeListener } from '../http/node-listener.js';
import type { TrackApiEmulator } from '../testing/emulator.js';
import { envNames } from './credentials.js';
import { watchInterrupts } from './interrupts.js';
import { type CliIo, exitCodes, UsageError } from './io.js';
import { emulatorLoggedRequests } from './replay-target.js';
import {
  configFromEnv,
  configFromFile,
  demoWriteKey,
  type ServeConfig,
  serveEnvNames,
} from './serve-config.js';
import { formatWorkspace } from './workspace-report.js';

export interface ServeFlags {
  host: string;
  port: number;
  emulator?: boolean;
  config?: string;
  allowOrigin?: string[];
  grace: number;
  logLevel: string;
}

export const defaultServePort = 4646;
export const defaultServeGraceSeconds = 10;

export async function serve(flags: ServeFlags, io: CliIo): Promise<number> {
  const logger = pino(
    {
      level: flags.logLevel,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Nothing logs these; should anything ever try, they are hidden.
      redact: ['writeKey', '*.writeKey', 'apiKey', '*.apiKey', 'signingKey', '*.signingKey'],
    },
    io.stdout as unknown as DestinationStream,
  );
  const interrupts = watchInterrupts(io, {
    stopping: 'Draining: new requests are answered 503; delivering what was accepted.',
    grace: `What is not delivered within ${flags.grace} s fails.`,
  });
  let emulator: TrackApiEmulator | undefined;
  let server: Server | undefined;
  try {
    let config: ServeConfig;
    if (flags.emulator) {
      if (flags.config !== undefined) throw new UsageError('--emulator and --config cannot be used together');
      const { createTrackApiEmulator } = await import('../testing/index.js');
      emulator = createTrackApiEmulator({ maxLoggedRequests: emulatorLoggedRequests });
      await emulator.listen();
      const writeKey = io.env[serveEnvNames.writeKey] || demoWriteKey;
      config = { sources: [{ name: 'demo', writeKey, destination: emulator.clientOptions() }] };
    } else {
      config =
        flags.config === undefined ? configFromEnv(io.env) : await configFromFile(flags.config, io.env);
      await detectRegions(config, logger);
    }
    if (flags.allowOrigin !== undefined) config = { ...config, allowedOrigins: flags.allowOrigin };

    let collector: Collector;
    try {
      collector = createCollector({ ...config, logger, processMetrics: true });
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    server = createServer(nodeListener(collector, { lightweightGlobals: true }));
    const url = await listen(server, flags);
    logger.info(
      {
        url,
        sources: config.sources.map(
          (source, index) => source.name ?? (config.sources.length === 1 ? 'default' : `source-${index + 1}`),
        ),
      },
      `listening on ${url}`,
    );
    if (emulator !== undefined) {
      const writeKey = config.sources[0]?.writeKey;
      io.stderr.write(
        [
          `Collector on ${url}, in front of the built-in Track API emulator at ${emulator.url}: nothing leaves this machine.`,
          `Write key: ${writeKey === demoWriteKey ? `${demoWriteKey} (the demo key)` : `from ${serveEnvNames.writeKey}`}. Try:`,
          `  curl -u ${writeKey === demoWriteKey ? demoWriteKey : '$SEGMENT_WRITE_KEY'}: -d '{"userId":"ada","event":"Signed Up","properties":{"plan":"pro"}}' ${url}/v1/track`,
          'Press Ctrl-C to stop and see what the emulator received.',
          '',
        ].join('\n'),
      );
    }

    await Promise.race([interrupts.first, interrupts.forced]);
    // Ctrl-C waits as long as delivery takes (Ctrl-C again quits at once); SIGTERM, --grace seconds.
    const giveUp = new AbortController();
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    void interrupts.terminated.then(() => {
      graceTimer = setTimeout(() => giveUp.abort(), flags.grace * 1000);
    });
    const summary = await collector.close({ signal: giveUp.signal });
    clearTimeout(graceTimer);
    const totals = total(Object.values(summary.sources));
    logger.info(
      { ...totals, sources: summary.sources },
      `stopped: ${totals.delivered} delivered, ${totals.failed} failed, ${totals.skipped} skipped`,
    );
    if (emulator !== undefined) io.stderr.write(`${formatWorkspace(emulator.workspace)}\n`);
    return exitCodes.ok;
  } finally {
    interrupts.dispose();
    if (server !== undefined) await closeServer(server);
    await emulator?.close();
  }
}

/** Finds the region of each source that names neither a region nor a base URL, which also proves its credentials. */
async function detectRegions(config: ServeConfig, logger: pino.Logger): Promise<void> {
  for (const [index, source] of config.sources.entries()) {
    const destination = source.destination;
    if (destination.region !== undefined || destination.baseUrl !== undefined) continue;
    const { siteId, apiKey } = destination;
    try {
      const region = await detectRegion({ siteId, apiKey });
      (source as { destination: typeof destination }).destination = { ...destination, region };
      logger.info({ source: source.name ?? index }, `the workspace is in the ${region} region (detected)`);
    } catch (error) {
      const reason = isCustomerIoError(error) || error instanceof Error ? error.message : String(error);
      throw new UsageError(
        `could not find the region of sources[${index}]'s workspace: ${reason}. Give it (${envNames.region}, or "region" in the configuration).`,
      );
    }
  }
}

function listen(server: Server, flags: ServeFlags): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${flags.port} is in use; try --port 0 for any free port`
          : error.message;
      reject(new UsageError(`cannot listen on ${flags.host}:${flags.port}: ${reason}`));
    });
    server.listen(flags.port, flags.host.replace(/^\[(.*)\]$/, '$1'), () => {
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${host}:${address.port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function total(stats: readonly DeliveryStats[]) {
  const sum = (key: 'accepted' | 'delivered' | 'failed' | 'skipped') =>
    stats.reduce((count, each) => count + each[key], 0);
  return {
    accepted: sum('accepted'),
    delivered: sum('delivered'),
    failed: sum('failed'),
    skipped: sum('skipped'),
  };
}
