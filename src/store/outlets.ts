/**
 * Default outlet grades: the `grade` of each outlet in data/outlets.json (an analyst's starting point,
 * Admiralty scale A..F). The store seeds them when it is created or upgraded (migration 006) and when
 * ingest first meets an outlet; a grade an analyst set in the store is never overwritten.
 */
import { readFileSync } from 'node:fs';

let defaults: Map<string, string> | null = null;

/** name → default grade, from data/outlets.json (empty when the file is missing or unreadable). */
export function defaultGrades(): Map<string, string> {
  if (defaults) return defaults;
  const out = new Map<string, string>();
  try {
    const raw = JSON.parse(readFileSync(new URL('../../data/outlets.json', import.meta.url), 'utf8')) as {
      outlets?: { name?: unknown; grade?: unknown }[];
    };
    for (const o of raw.outlets ?? []) {
      const name = typeof o?.name === 'string' ? o.name.trim() : '';
      const grade = typeof o?.grade === 'string' ? o.grade.trim().toUpperCase() : '';
      if (name && /^[A-F]$/.test(grade) && !out.has(name)) out.set(name, grade);
    }
  } catch {
    // no knowledge file: outlets start ungraded, as before
  }
  defaults = out;
  return out;
}

export function defaultGrade(name: string): string | null {
  return defaultGrades().get(name) ?? null;
}
