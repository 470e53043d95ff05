// STUB: the owning helper replaces this file.
import type { Command } from 'commander';

export function registerEvents(program: Command): void {
  program.command('events').description('(events: not built yet)').action(() => {
    console.error('sitrep events: not built yet');
    process.exitCode = 1;
  });
}
