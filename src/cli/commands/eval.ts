// STUB: the owning helper replaces this file.
import type { Command } from 'commander';

export function registerEval(program: Command): void {
  program.command('eval').description('(eval: not built yet)').action(() => {
    console.error('sitrep eval: not built yet');
    process.exitCode = 1;
  });
}
