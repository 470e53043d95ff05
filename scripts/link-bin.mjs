// Links node_modules/.bin/sitrep to this checkout's CLI, so `node_modules/.bin/sitrep` works like `npx sitrep`.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/sitrep', { force: true });
symlinkSync('../../bin/sitrep.js', 'node_modules/.bin/sitrep');
