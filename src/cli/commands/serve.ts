// STUB: the owning helper replaces this file.
import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program.command('serve').description('(serve: not built yet)').action(() => {
    console.error('sitrep serve: not built yet');
    process.exitCode = 1;
  });
}
