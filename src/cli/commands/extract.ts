// `sitrep extract`: reports in, ACLED-coded events out (JSON Lines, CSV or GeoJSON), in input order.
import type { Command } from 'commander';
import { readInputs } from '../../read/index.js';
import { createWriter, OUTPUT_FORMATS, type OutputFormat } from '../../output/index.js';
import { EXIT, Messages, Output, parseDateOption, parseWorkers, say, UsageError } from '../usage.js';

interface ExtractOptions {
  format: string;
  workers?: string;
  published?: string;
  output?: string;
  quiet?: boolean;
}

export const NOT_CODED = 'not coded (Sitrep reads English only for now)';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .summary('extract events from reports (.txt, .html, .jsonl, folders, stdin)')
    .description(
      'Reads reports and prints the events they describe, one JSON object a line (or CSV, GeoJSON), in input order. ' +
        'Inputs: .txt and .html/.htm files, .jsonl files ({"id", "text"|"html", "url"?, "title"?, "source"?, "published"?} a line), ' +
        'any of them gzipped (.jsonl.gz, .txt.gz), folders (read recursively), or "-" / nothing for standard input. A bad input gets a one-line message on stderr ' +
        'and the run goes on. Only English reports are coded. Exit status: 0 ok, 1 some inputs failed, 2 usage error.',
    )
    .argument('[paths...]', 'files or folders; "-" or nothing reads standard input')
    .option('-f, --format <format>', 'jsonl, csv (ACLED column order) or geojson', 'jsonl')
    .option('-w, --workers <n>', 'worker threads, or "auto": one thread for small inputs, one per core for big ones', 'auto')
    .option('-p, --published <date>', "the reports' date (YYYY-MM-DD) where a document does not give one")
    .option('-o, --output <file>', 'write the events to a file instead of standard output')
    .option('-q, --quiet', 'no messages about documents that are not coded')
    .addHelpText(
      'after',
      `
Examples:
  sitrep extract samples/seeds/*.txt                 events as JSON Lines
  sitrep extract reports/ --format csv > events.csv  a folder, in ACLED's CSV columns
  sitrep extract docs.jsonl --workers 2 -o out.jsonl two worker threads, into a file
  cat report.txt | sitrep extract --published 2023-07-08
  sitrep extract page.html --format geojson > map.geojson`,
    )
    .action(async (paths: string[], opts: ExtractOptions) => {
      process.exitCode = await runExtract(paths, opts);
    });
}

async function runExtract(paths: string[], opts: ExtractOptions): Promise<number> {
  let format: OutputFormat;
  let workers: number | 'auto';
  let published: string | undefined;
  try {
    if (!OUTPUT_FORMATS.includes(opts.format as OutputFormat)) {
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got "${opts.format}")`);
    }
    format = opts.format as OutputFormat;
    workers = parseWorkers(opts.workers);
    published = parseDateOption('--published', opts.published);
    if (!paths.length && process.stdin.isTTY) throw new UsageError('no input: give files or folders, or pipe reports to standard input');
  } catch (err) {
    if (err instanceof UsageError) {
      say(`sitrep extract: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  }
  let out: Output;
  try {
    out = opts.output ? Output.file(opts.output) : Output.stdout();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such folder' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (code ?? (err as Error).message);
    say(`sitrep extract: cannot write ${opts.output} (${why})`);
    return EXIT.usage;
  }
  const writer = createWriter(format, out);
  const messages = new Messages();
  const pipeline = await loadPipeline();
  const run = pipeline.extractAll(readInputs(paths, { published }), {
    workers: workers === 'auto' ? await pipeline.autoWorkers(paths) : workers,
  });
  for await (const { item, result } of run) {
    if (item.kind === 'error') {
      messages.report(item.origin, item.message);
      continue;
    }
    if (!result) continue;
    if (result.error) {
      messages.report(item.origin, result.error);
      continue;
    }
    if (result.language !== 'en') {
      if (!opts.quiet) messages.report(item.origin, `language ${result.language}: ${NOT_CODED}`, false);
      continue;
    }
    writer.write(result.events);
    await out.flush();
    if (out.isClosed) break;
  }
  writer.end();
  await out.end();
  messages.finish();
  if (format === 'geojson' && writer.unlocated && !opts.quiet) {
    say(`sitrep extract: ${writer.unlocated} event${writer.unlocated === 1 ? '' : 's'} without coordinates left out of the GeoJSON`);
  }
  return messages.failed || out.failed ? EXIT.inputs : EXIT.ok;
}

/** The pipeline loads its knowledge when imported: only after the options have been checked. */
const loadPipeline = () => import('../../parallel/index.js');
