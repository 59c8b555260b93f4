/**
 * `emulator`: the built-in Track API emulator as a local server, for trying the library, this command
 * line or any other Customer.io client without an account. It stays up until Ctrl-C, then shows what
 * it received.
 */
import { envNames } from './credentials.js';
import { watchInterrupts } from './interrupts.js';
import { type CliIo, exitCodes, UsageError } from './io.js';
import { formatWorkspace } from './workspace-report.js';

export interface EmulatorFlags {
  port: number;
  host: string;
}

export async function emulatorCommand(flags: EmulatorFlags, io: CliIo): Promise<number> {
  const interrupts = watchInterrupts(io, 'Stopping the emulator.');
  try {
    const { createTrackApiEmulator } = await import('../testing/index.js');
    const emulator = createTrackApiEmulator();
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
    io.stdout.write(
      `${emulator.requests.length} requests received.\n${formatWorkspace(emulator.workspace)}\n`,
    );
    return exitCodes.ok;
  } finally {
    interrupts.dispose();
  }
}
