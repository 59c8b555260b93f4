/**
 * `emulator`: the built-in Track API emulator as a local server, for trying the library, this command
 * line or any other Customer.io client without an account. It stays up until Ctrl-C (or SIGTERM), then
 * shows what it received. It remembers only the latest requests, so it can run for as long as needed.
 */
import { envNames } from './credentials.js';
import { watchInterrupts } from './interrupts.js';
import { type CliIo, exitCodes, UsageError } from './io.js';
import { emulatorLoggedRequests } from './replay-target.js';
import { formatWorkspace } from './workspace-report.js';

export interface EmulatorFlags {
  port: number;
  host: string;
}

export async function emulatorCommand(flags: EmulatorFlags, io: CliIo): Promise<number> {
  const interrupts = watchInterrupts(io, { stopping: 'Stopping the emulator.' });
  try {
    const { createTrackApiEmulator } = await import('../testing/index.js');
    const emulator = createTrackApiEmulator({ maxLoggedRequests: emulatorLoggedRequests });
    let url: string;
    try {
      ({ url } = await emulator.listen({ port: flags.port, host: flags.host }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason =
        code === 'EADDRINUSE' ? `port ${flags.port} is in use; try --port 0 for any free port` : undefined;
      throw new UsageError(
        `cannot start the emulator: ${reason ?? (error instanceof Error ? error.message : error)}`,
      );
    }
    const { siteId, apiKey } = emulator.credentials;
    // These are the emulator's fixed, published credentials, not a secret: printing them is the point.
    io.stdout.write(
      [
        `Track API emulator listening on ${url}`,
        `  Site ID  ${siteId}`,
        `  API key  ${apiKey}`,
        '',
        'To send to it from this command line or your own code:',
        `  export ${envNames.siteId}=${siteId}`,
        `  export ${envNames.apiKey}=${apiKey}`,
        `  export ${envNames.baseUrl}=${url}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await Promise.race([interrupts.first, interrupts.forced]);
    await emulator.close();
    const logged = emulator.requests.length;
    // A full log may have forgotten older requests: it no longer tells how many came.
    const received =
      logged < emulatorLoggedRequests
        ? `${logged} requests received.`
        : `At least ${logged} requests received (the latest ${logged} are kept).`;
    io.stdout.write(`${received}\n${formatWorkspace(emulator.workspace)}\n`);
    return exitCodes.ok;
  } finally {
    interrupts.dispose();
  }
}
