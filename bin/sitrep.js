#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

main(process.argv).catch((err) => {
  console.error(`sitrep: ${err && err.message ? err.message : err}`);
  process.exitCode = 2;
});
