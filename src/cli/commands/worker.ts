// STUB: the owning helper replaces this file.
import type { Command } from 'commander';

export function registerWorker(program: Command): void {
  program.command('worker').description('(worker: not built yet)').action(() => {
    console.error('sitrep worker: not built yet');
    process.exitCode = 1;
  });
}
