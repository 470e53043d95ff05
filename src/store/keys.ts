/** Merge-block keys as 48-bit integers, and the actor names an event is indexed under. */
import { createHash } from 'node:crypto';

/** A block key (text from src/merge) as a 48-bit integer: a collision only adds a candidate the merger then rejects. */
export function hashKey(key: string): number {
  return createHash('sha1').update(key).digest().readUIntBE(0, 6);
}

/** actor1, actor2 and each associated actor ('; '-separated), without blanks or repeats. */
export function actorsOf(e: { actor1: string; actor2: string; assoc_actor_1: string; assoc_actor_2: string }): string[] {
  const out = new Set<string>();
  for (const a of [e.actor1, e.actor2]) if (a && a.trim()) out.add(a.trim());
  for (const list of [e.assoc_actor_1, e.assoc_actor_2])
    for (const a of (list ?? '').split(';')) if (a.trim()) out.add(a.trim());
  return [...out];
}
