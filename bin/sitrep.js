#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// `sitrep ... | head`: a reader that goes away ends the run quietly
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv).catch((err) => {
  // user mistakes are caught where they happen and told in one line; this is the last resort
  console.error(`sitrep: ${err && err.message ? err.message : err}`);
  process.exitCode = 2;
});
