// STUB: the owning helper replaces this file.
import type { Command } from 'commander';

export function registerIngest(program: Command): void {
  program.command('ingest').description('(ingest: not built yet)').action(() => {
    console.error('sitrep ingest: not built yet');
    process.exitCode = 1;
  });
}
