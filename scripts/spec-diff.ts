import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatText, isClean, toJsonReport } from './lib/diff-report.js';
import { runSpecDiff } from './lib/run-spec-diff.js';

const USAGE = `usage: spec:diff -- <vendor-openapi.(json|yaml)> [--ours spec/track-api.yaml]
       [--deviations spec/deviations.yaml] [--json] [--no-notes]

Compares the operations of our OpenAPI document with a vendor's and fails (exit 1) when ours lets us
send something the vendor document rejects, unless spec/deviations.yaml documents why, or when a
deviation no longer matches any conflict. Exit 2 means the command could not run.`;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ours: { type: 'string', default: 'spec/track-api.yaml' },
      deviations: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-notes': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [vendor, ...extra] = positionals;
  if (!vendor || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  // The default deviations file may be absent; one named explicitly must exist, or a typo would pass.
  if (values.deviations !== undefined && !existsSync(values.deviations)) {
    console.error(`spec:diff: deviations file not found: ${values.deviations}`);
    return 2;
  }
  const result = runSpecDiff({
    ours: values.ours,
    vendor,
    deviations: values.deviations ?? 'spec/deviations.yaml',
  });
  console.log(
    values.json
      ? JSON.stringify(toJsonReport(result), null, 2)
      : formatText(result, { notes: !values['no-notes'] }),
  );
  return isClean(result) ? 0 : 1;
}

// Output piped into a pager or `head` may be closed early; that is no failure of the comparison.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`spec:diff: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
