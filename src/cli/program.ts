/**
 * The command line: commands, flags and help (commander), and `run()`, which turns any outcome into an
 * exit status. Every command takes its process through `CliIo`, so tests run it in-process.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isCustomerIoError } from '../errors.js';
import { packageVersion } from '../version.js';
import { envNames } from './credentials.js';
import { emulatorCommand } from './emulator-command.js';
import { type CliIo, complain, exitCodes, UsageError } from './io.js';
import { defaultGraceSeconds, type ReplayFlags, replay } from './replay.js';
import { defaultServeGraceSeconds, defaultServePort, type ServeFlags, serve } from './serve.js';
import { demoWriteKey, serveEnvNames } from './serve-config.js';
import { verify } from './verify.js';

const examples = `
Examples:
  $ export ${envNames.siteId}=... ${envNames.apiKey}=...
  $ customerio-destination verify
  $ customerio-destination replay events.ndjson --failed failed.ndjson
  $ customerio-destination replay failed.ndjson            # try again what failed last time
  $ zcat events.ndjson.gz | customerio-destination replay - --rate 50
  $ customerio-destination replay events.ndjson --dry-run | head
  $ customerio-destination replay events.ndjson --emulator --show-workspace
  $ customerio-destination replay events.ndjson --checkpoint events.checkpoint --failed failed.ndjson
  $ customerio-destination replay events.ndjson --checkpoint events.checkpoint --failed failed.ndjson --resume
  $ customerio-destination emulator --port 4545
  $ customerio-destination serve --emulator             # the collector, in front of the emulator
  $ export ${serveEnvNames.writeKey}=... ${envNames.siteId}=... ${envNames.apiKey}=...
  $ customerio-destination serve --host 0.0.0.0 --port 8080
  $ customerio-destination serve --config collector.json

Environment:
  ${envNames.siteId}   the workspace's Site ID
  ${envNames.apiKey}   its Track API key (never printed)
  ${envNames.region}    us or eu; found with one request when not given
  ${envNames.baseUrl}  another base URL, such as the emulator's
  ${serveEnvNames.writeKey}    serve: the write key of the source those credentials serve
  ${serveEnvNames.webhookSigningKey}  serve: also receive Customer.io's reporting webhooks

Exit status: 0 when every message was delivered or skipped, 1 when any failed or was invalid (or a
check did not pass), 2 for a mistake in the command line or configuration (nothing was sent) and when
Customer.io refuses the credentials before any message is delivered (the replay stops at once), 130
when stopped by Ctrl-C, 143 when stopped by SIGTERM.

Stopping: Ctrl-C stops reading and waits for what was sent (Ctrl-C again quits at once); SIGTERM stops
reading and waits --grace seconds, then fails and records what is left. The summary then shows the
resume point: every line up to it has settled. With --checkpoint, --resume goes on after it.
`;

/**
 * Runs the command line.
 * @param argv the arguments after the program's name
 * @returns the exit status
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let status: number = exitCodes.ok;
  const program = buildProgram(io, (code) => {
    status = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    // Commander has already printed its message (or the help, or the version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    if (error instanceof UsageError) {
      complain(io, error.message);
      return exitCodes.usage;
    }
    // Not the user's to fix, but a stack trace helps no one reading a terminal either; the library's
    // errors never carry credentials.
    complain(io, isCustomerIoError(error) || error instanceof Error ? error.message : String(error));
    return exitCodes.failed;
  }
}

function buildProgram(io: CliIo, setStatus: (code: number) => void): Command {
  const program = new Command('customerio-destination')
    .description("Send Segment-spec messages to Customer.io's Track API, within its limits, losing none.")
    .version(packageVersion, '-V, --version')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', examples);

  program
    .command('replay')
    .description(
      'Send the Segment messages of an NDJSON file, one JSON object a line ("-" reads standard input).',
    )
    .argument('<file>', 'an NDJSON file, a failed file from an earlier run, or - for standard input')
    .option('--site-id <id>', `the workspace's Site ID (default: $${envNames.siteId})`)
    .option('--api-key <key>', `its Track API key (default: $${envNames.apiKey})`)
    .addOption(regionOption())
    .option('--base-url <url>', `send here instead of the region's URL (default: $${envNames.baseUrl})`)
    .option('--rate <requests/s>', 'most requests a second, retries included (default: 100)', rateOf)
    .option('--dry-run', 'print what each message maps to, as NDJSON on stdout; send nothing')
    .option('--emulator', 'send to the built-in Track API emulator on loopback; no credentials needed')
    .option('--show-workspace', "with --emulator: print what the emulator's workspace holds at the end")
    .option(
      '--failed <file>',
      'write every message not delivered, with its line and error, to this NDJSON file',
    )
    .option('--allow-invalid', 'invalid messages are reported but do not make the exit status 1')
    .option(
      '--checkpoint <file>',
      'keep in this JSON file, rewritten every second, the line up to which every line has settled',
    )
    .option(
      '--resume',
      'with --checkpoint: go on after its line, in the same input; --failed is appended to, not emptied',
    )
    .option(
      '--grace <seconds>',
      `on SIGTERM, how long what was sent may still take before it fails (default: ${defaultGraceSeconds})`,
      secondsOf,
    )
    .action(async (file: string, flags: ReplayFlags) => setStatus(await replay(file, flags, io)));

  program
    .command('verify')
    .description('Check the credentials and find the workspace region.')
    .option('--site-id <id>', `the workspace's Site ID (default: $${envNames.siteId})`)
    .option('--api-key <key>', `its Track API key (default: $${envNames.apiKey})`)
    .addOption(regionOption())
    .option('--base-url <url>', `ask here instead of Customer.io (default: $${envNames.baseUrl})`)
    .action(async (flags: ReplayFlags) => setStatus(await verify(flags, io)));

  program
    .command('emulator')
    .description('Run the built-in Track API emulator as a local server until Ctrl-C or SIGTERM.')
    .option('--port <n>', 'the TCP port; 0 picks a free one', portOf, 4545)
    .option('--host <host>', 'a loopback address', '127.0.0.1')
    .action(async (flags: { port: number; host: string }) => setStatus(await emulatorCommand(flags, io)));

  program
    .command('serve')
    .description(
      "Serve Segment's Tracking API: any Segment client that sends here reaches Customer.io. Runs until Ctrl-C or SIGTERM.",
    )
    .option('--host <host>', 'the address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--port <n>', 'the TCP port; 0 picks a free one', portOf, defaultServePort)
    .option(
      '--emulator',
      `deliver to the built-in Track API emulator on loopback; the write key is ${demoWriteKey} unless $${serveEnvNames.writeKey} says`,
    )
    .option('--config <file>', 'a JSON file of sources (write keys and their workspaces) and options')
    .option(
      '--allow-origin <origin>',
      'a web origin browsers may send from (repeat it for more; * for any)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--grace <seconds>',
      `on SIGTERM, how long what was accepted may still take before it fails (default: ${defaultServeGraceSeconds})`,
      secondsOf,
      defaultServeGraceSeconds,
    )
    .addOption(
      new Option('--log-level <level>', 'debug adds a line for every request')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .action(async (flags: ServeFlags) => setStatus(await serve(flags, io)));

  return program;
}

function regionOption(): Option {
  return new Option(
    '--region <region>',
    `the workspace's region (default: $${envNames.region}, else detected)`,
  ).choices(['us', 'eu']);
}

function rateOf(value: string): number {
  const rate = Number(value);
  if (!/^\d+$/.test(value) || rate < 1 || rate > 100_000) {
    throw new InvalidArgumentError('expected a whole number of requests a second, from 1 to 100000');
  }
  return rate;
}

function secondsOf(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds > 3600) {
    throw new InvalidArgumentError('expected a number of seconds, from 0 to 3600');
  }
  return seconds;
}

function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError('expected a port from 0 to 65535');
  return port;
}
