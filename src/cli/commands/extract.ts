// STUB: the owning helper replaces this file.
import type { Command } from 'commander';

export function registerExtract(program: Command): void {
  program.command('extract').description('(extract: not built yet)').action(() => {
    console.error('sitrep extract: not built yet');
    process.exitCode = 1;
  });
}
