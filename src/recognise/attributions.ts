/**
 * Attribution recogniser: who a report says a claim comes from.
 *   "according to SOHR", "SANA reported", "HTS sources said", "SOHR sources have reported",
 *   "reported by the Syrian Observatory", "Orient News correspondent said"
 * Names are outlets (data/outlets.json, canonical names) or an actor's own sources ("HTS sources").
 */
import type { Mention } from './types.js';
import { outletsNamedIn } from '../knowledge/outlets.js';
import { recogniseActors } from './actors.js';
import { foldWord, type Token } from '../knowledge/normalise.js';

export interface Attribution extends Mention {
  /** canonical outlet name, or "<actor> sources" */
  source: string;
}

const AFTER = /\b(?:according to|reported by|cited by|quoted by|told|citing|via)\s+((?:the\s+)?[^,.;:\n"“”()]{2,60})/gi;
const VERB = /\b(?:reported|said|stated|told|announced|documented|monitored|confirmed|revealed|published|says|reports)\b/g;
const BEFORE_TAIL = /([^,.;:\n"“”()]{2,70})$/;

function actorSource(window: string): string | null {
  if (!/\bsources?\b/i.test(window)) return null;
  const hits = recogniseActors(window).filter((h) => !h.description || /sources/i.test(window.slice(h.end, h.end + 12)));
  const last = hits[hits.length - 1];
  if (!last) return null;
  const short = last.actor.match(/^([^:]{1,12}):/)?.[1] ?? last.actor;
  return `${short} sources`;
}

// folded like token keys (doubled letters squashed: "according" is "acording")
const CUE_WORDS = new Set(['according', 'by', 'told', 'citing', 'via', 'reported', 'said', 'stated', 'announced', 'documented', 'monitored', 'confirmed', 'revealed', 'published', 'says', 'reports'].map(foldWord));

/** Every attributed source in a text, in order of appearance. */
export function recogniseAttributions(text: string, tokens?: readonly Token[]): Attribution[] {
  // most sentences attribute nothing: look for a cue word before running the patterns
  if (tokens && !tokens.some((t) => CUE_WORDS.has(t.key))) return [];
  const out: Attribution[] = [];
  const push = (start: number, end: number, source: string) => {
    if (!out.some((o) => o.source === source && o.start === start)) out.push({ start, end, text: text.slice(start, end), source });
  };
  const found: { m: RegExpExecArray; before: boolean }[] = [];
  AFTER.lastIndex = 0;
  let a: RegExpExecArray | null;
  while ((a = AFTER.exec(text)) !== null) found.push({ m: a, before: false });
  VERB.lastIndex = 0;
  let v: RegExpExecArray | null;
  while ((v = VERB.exec(text)) !== null) {
    // "No fatalities were reported", "casualties reported": a passive or a count, not a source
    const lead = text.slice(Math.max(0, v.index - 14), v.index);
    if (/\b(?:was|were|been|is|are|be|fatalities|casualties|casualities|injuries|deaths|damage)\s+$/i.test(lead)) continue;
    const from = Math.max(0, v.index - 72);
    const tail = BEFORE_TAIL.exec(text.slice(from, v.index));
    if (!tail) continue;
    // looks like the regex match it replaces: group 1 the window, index its start
    const m = Object.assign([text.slice(from + tail.index, v.index + v[0].length), tail[1]], { index: from + tail.index, input: text, groups: undefined }) as RegExpExecArray;
    found.push({ m, before: true });
  }
  for (const { m, before } of found) {
    {
      const re = before ? null : AFTER;
      const window = m[1];
      const wStart = m.index + m[0].indexOf(window);
      // keep the last few words before a verb, the first few after "according to"
      const words = window.trim().split(/\s+/);
      const part = before ? words.slice(-6).join(' ') : words.slice(0, 7).join(' ');
      const named = outletsNamedIn(part);
      if (named.length) {
        for (const n of named) push(wStart, m.index + m[0].length, n);
        continue;
      }
      const fromActor = actorSource(before ? `${part} sources` : part);
      if (fromActor && /\bsources?\b/i.test(m[0])) push(wStart, m.index + m[0].length, fromActor);
      else if (re === AFTER) {
        // "according to the Syrian Democratic Forces": the named actor itself
        const named = recogniseActors(part).find((h) => !h.description && !h.modifier);
        if (named) push(wStart, m.index + m[0].length, named.actor.match(/^([^:]{1,12}):/)?.[1] ?? named.actor);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
