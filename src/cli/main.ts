import { Command, CommanderError } from 'commander';
import { EXIT } from './usage.js';

type Register = (program: Command) => void;

/**
 * One file per command in ./commands; each adds itself to the program. They are loaded lazily: a
 * command that needs the store or the HTTP server does not slow down `sitrep extract`'s start-up.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  extract: async () => (await import('./commands/extract.js')).registerExtract,
  eval: async () => (await import('./commands/eval.js')).registerEval,
  ingest: async () => (await import('./commands/ingest.js')).registerIngest,
  events: async () => (await import('./commands/events.js')).registerEvents,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
};

/** The program with every command, or only `only` (the command being run) when it is one of them. */
export async function buildProgram(only?: string): Promise<Command> {
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
  const names = only && only in COMMANDS ? [only] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const register of registers) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv[2]);
    await program.parseAsync(argv);
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
