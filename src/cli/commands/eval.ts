// `sitrep eval`: scores extracted events against a gold file, exactly as ../shared/eval/score.mjs does.
import type { Command } from 'commander';
import { readInputs } from '../../read/index.js';
import { formatScore, readEventsFile, score, type Row } from '../../evaluate/index.js';
import { EventFileError } from '../../evaluate/files.js';
import { EXIT, Messages, parseDateOption, parsePositive, parseWorkers, say, UsageError } from '../usage.js';
import { NOT_CODED } from './extract.js';

interface EvalOptions {
  gold?: string;
  system?: string;
  km: string;
  json?: boolean;
  details?: boolean;
  workers?: string;
  published?: string;
  quiet?: boolean;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .summary('score extraction against hand-coded gold events')
    .description(
      'Extracts events from the given reports (or takes an existing output with --system) and scores them against ' +
        'a gold file: event precision, recall and F1, accuracy per field over paired events, and the strict F1 in ' +
        'which an event counts only when every scored field is right. Same rules and numbers as eval/score.mjs. ' +
        'Exit status: 0 ok, 1 some inputs failed, 2 usage error.',
    )
    .argument('[paths...]', 'reports to extract (files, folders, "-" for standard input)')
    .option('-g, --gold <file>', 'gold events, JSON Lines (required)')
    .option('-s, --system <file>', 'score this output of `sitrep extract` instead of extracting')
    .option('--km <km>', 'two places agree when this close (kilometres)', '25')
    .option('--json', 'print the scores as one JSON object')
    .option('--details', 'also print every pairing, miss and spurious event')
    .option('-w, --workers <n>', 'worker threads for extraction, or "auto"', 'auto')
    .option('-p, --published <date>', "the reports' date (YYYY-MM-DD) where a document does not give one")
    .option('-q, --quiet', 'no messages about documents that are not coded')
    .addHelpText(
      'after',
      `
Examples:
  sitrep eval --gold samples/seeds.gold.jsonl samples/seeds/*.txt
  sitrep eval --gold ../shared/dev/articles-dev.gold.jsonl ../shared/dev/articles-dev.docs.jsonl --json
  sitrep extract docs.jsonl > out.jsonl && sitrep eval --gold gold.jsonl --system out.jsonl --details`,
    )
    .action(async (paths: string[], opts: EvalOptions) => {
      process.exitCode = await runEval(paths, opts);
    });
}

async function runEval(paths: string[], opts: EvalOptions): Promise<number> {
  let km: number;
  let workers: number | 'auto';
  let published: string | undefined;
  try {
    if (!opts.gold) throw new UsageError('--gold GOLD.jsonl is required');
    if (opts.system && paths.length) throw new UsageError('give either reports to extract or --system OUT.jsonl, not both');
    km = parsePositive('--km', opts.km);
    workers = parseWorkers(opts.workers);
    published = parseDateOption('--published', opts.published);
    if (!opts.system && !paths.length && process.stdin.isTTY) {
      throw new UsageError('no input: give reports to extract (files, folders, or standard input), or --system OUT.jsonl');
    }
  } catch (err) {
    if (err instanceof UsageError) {
      say(`sitrep eval: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  }
  let gold: Row[];
  let system: Row[] = [];
  const messages = new Messages();
  try {
    gold = await readEventsFile(opts.gold!);
    if (opts.system) system = await readEventsFile(opts.system);
  } catch (err) {
    if (err instanceof EventFileError) {
      say(`sitrep eval: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  }
  if (!opts.system) {
    const pipeline = await loadPipeline();
    const run = pipeline.extractAll(readInputs(paths, { published }), {
      workers: workers === 'auto' ? await pipeline.autoWorkers(paths) : workers,
    });
    for await (const { item, result } of run) {
      if (item.kind === 'error') messages.report(item.origin, item.message);
      else if (result?.error) messages.report(item.origin, result.error);
      else if (result && result.language !== 'en') {
        if (!opts.quiet) messages.report(item.origin, `language ${result.language}: ${NOT_CODED}`, false);
      } else if (result) system.push(...(result.events as unknown as Row[]));
    }
    messages.finish();
  }
  process.stdout.write(formatScore(score(gold, system, { km }), { json: opts.json, details: opts.details }));
  return messages.failed ? EXIT.inputs : EXIT.ok;
}

/** The pipeline loads its knowledge when imported: only after the options have been checked. */
const loadPipeline = () => import('../../parallel/index.js');
