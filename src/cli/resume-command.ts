/**
 * The command that goes on after a replay's resume point: the replay's own command line with
 * `--resume`, ready to paste into a POSIX shell, the API key left for the user to fill in.
 */
import type { ReplayFlags } from './replay.js';

/** What stands in for an API key given as a flag: the key itself is never printed. */
const apiKeyPlaceholder = '<API key>';

export function resumeCommand(file: string, flags: ReplayFlags & { checkpoint: string }): string {
  const words = ['customerio-destination', 'replay', file];
  if (flags.emulator) words.push('--emulator');
  if (flags.siteId !== undefined) words.push('--site-id', flags.siteId);
  if (flags.apiKey !== undefined) words.push('--api-key', apiKeyPlaceholder);
  if (flags.region !== undefined) words.push('--region', flags.region);
  if (flags.baseUrl !== undefined) words.push('--base-url', flags.baseUrl);
  if (flags.rate !== undefined) words.push('--rate', String(flags.rate));
  if (flags.failed !== undefined) words.push('--failed', flags.failed);
  if (flags.allowInvalid) words.push('--allow-invalid');
  if (flags.showWorkspace) words.push('--show-workspace');
  if (flags.grace !== undefined) words.push('--grace', String(flags.grace));
  words.push('--checkpoint', flags.checkpoint, '--resume');
  return words.map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
