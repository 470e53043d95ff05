import { Command } from 'commander';
import { registerExtract } from './commands/extract.js';
import { registerEval } from './commands/eval.js';
import { registerIngest } from './commands/ingest.js';
import { registerEvents } from './commands/events.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';

export function buildProgram(): Command {
  const program = new Command('sitrep')
    .description('Sitrep: conflict reports in, ACLED-coded events with evidence out')
    .version('0.1.0');
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
  await buildProgram().parseAsync(argv);
}
