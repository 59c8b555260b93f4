/** The program itself: version, help with examples, and what a wrong command line gets. */
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../src/version.js';
import { ndjson, runCli } from './support/cli-harness.js';

describe('customerio-destination', () => {
  it('prints its version with --version', async () => {
    expect(await runCli(['--version'])).toEqual({ status: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('prints help with the commands, examples, environment and exit statuses with --help', async () => {
    const result = await runCli(['--help']);
    expect(result.status).toBe(0);
    for (const text of [
      'Usage: customerio-destination [options] [command]',
      'replay [options] <file>',
      'verify [options]',
      'emulator [options]',
      'Examples:',
      '$ customerio-destination replay events.ndjson --failed failed.ndjson',
      'CUSTOMERIO_API_KEY   its Track API key (never printed)',
      'Exit status: 0 when every message was delivered or skipped',
      '143 when stopped by SIGTERM',
      '$ customerio-destination replay events.ndjson --checkpoint events.checkpoint --failed failed.ndjson --resume',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it("prints a command's options with <command> --help", async () => {
    const result = await runCli(['replay', '--help']);
    expect(result.status).toBe(0);
    for (const flag of [
      '--dry-run',
      '--emulator',
      '--failed <file>',
      '--rate <requests/s>',
      '--allow-invalid',
      '--checkpoint <file>',
      '--resume',
      '--grace <seconds>',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('exits 2 with the help on stderr when no command is given', async () => {
    const result = await runCli([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: customerio-destination');
  });

  it('exits 2 for an unknown command', async () => {
    const result = await runCli(['send']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'send'");
  });
});

describe('usage errors exit 2 with a message and no stack', () => {
  it.each([
    [['replay', '-', '--emulator', '--site-id', 'site'], '--emulator brings its own credentials'],
    [['replay', '-', '--show-workspace', '--dry-run'], '--show-workspace needs --emulator'],
    [['replay', '-', '--dry-run', '--emulator'], '--dry-run sends nothing'],
    [['replay', '/no/such/file.ndjson', '--dry-run'], 'cannot read "/no/such/file.ndjson" (ENOENT)'],
    [['replay', '-', '--rate', 'fast'], "option '--rate <requests/s>' argument 'fast' is invalid"],
    [['replay', '-', '--rate', '0'], 'expected a whole number of requests a second, from 1 to 100000'],
    [['replay', '-', '--region', 'mars'], 'Allowed choices are us, eu'],
    [['replay', '-', '--fast'], "unknown option '--fast'"],
    [['replay'], "missing required argument 'file'"],
    [['replay', '-', '--emulator', '--resume'], '--resume needs --checkpoint FILE'],
    [
      ['replay', '-', '--dry-run', '--checkpoint', 'x.json'],
      '--dry-run sends nothing; leave out --checkpoint',
    ],
    [['replay', '-', '--grace', 'soon'], 'expected a number of seconds, from 0 to 3600'],
    [['replay', '-', '--grace', '7200'], 'expected a number of seconds, from 0 to 3600'],
  ])('%j', async (argv, message) => {
    const result = await runCli(argv, { stdin: ndjson({ type: 'identify', userId: 'user-1' }) });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
