import { Command, CommanderError } from 'commander';
import { registerExtract } from './commands/extract.js';
import { registerEval } from './commands/eval.js';
import { registerIngest } from './commands/ingest.js';
import { registerEvents } from './commands/events.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';
import { EXIT } from './usage.js';

export function buildProgram(): Command {
  const program = new Command('sitrep')
    .description('Sitrep: conflict reports in, ACLED-coded events with evidence out')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage and examples)')
    // usage mistakes exit 2, not commander's 1; set before the commands so they inherit it
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  sitrep extract samples/seeds/*.txt > events.jsonl
  sitrep eval --gold samples/seeds.gold.jsonl samples/seeds/*.txt
  sitrep <command> --help`,
  );
  // one file per command in ./commands; each adds itself here
  registerExtract(program);
  registerEval(program);
  registerIngest(program);
  registerEvents(program);
  registerServe(program);
  registerWorker(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed its message; help and --version are not errors
      const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help';
      process.exitCode = ok ? EXIT.ok : err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    throw err;
  }
}
