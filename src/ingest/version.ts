/**
 * The engine version stored with each report. It names the code (package version, or the pipeline's
 * own ENGINE_VERSION when it declares one) and the knowledge in data/ (a digest of its files), so
 * after an analyst edits data/actors.json, say, ingesting the same reports again re-extracts them
 * ('updated'); with nothing edited it changes nothing ('unchanged').
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0';
  } catch {
    return '0';
  }
}

/** A digest of every file under `dir` (names and contents), or null when there is no such folder. */
export function knowledgeDigest(dir: string): string | null {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  try {
    walk(dir);
  } catch {
    return null;
  }
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f.slice(dir.length));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 12);
}

export function engineVersion(pipelineVersion?: string): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const code = pipelineVersion ?? `sitrep-${packageVersion(root)}`;
  const knowledge = knowledgeDigest(join(root, 'data'));
  return knowledge ? `${code}+knowledge.${knowledge}` : code;
}
