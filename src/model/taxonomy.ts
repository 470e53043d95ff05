/** ACLED's event taxonomy (spec "Taxonomy"), for checking filters and corrections. */
import type { EventType } from './event.js';

export const TAXONOMY: Record<EventType, string[]> = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon', 'Air/drone strike', 'Suicide bomb', 'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED', 'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use', 'Headquarters or base established',
    'Looting/property destruction', 'Non-violent transfer of territory', 'Other',
  ],
};

export const EVENT_TYPES = Object.keys(TAXONOMY) as EventType[];
export const SUB_EVENT_TYPES = EVENT_TYPES.flatMap((t) => TAXONOMY[t]);

/** The taxonomy's spelling of a name given in any case, or undefined. */
export function canonicalEventType(v: string): EventType | undefined {
  return EVENT_TYPES.find((t) => t.toLowerCase() === v.toLowerCase());
}
export function canonicalSubEventType(v: string): string | undefined {
  return SUB_EVENT_TYPES.find((t) => t.toLowerCase() === v.toLowerCase());
}
export function eventTypeOf(sub: string): EventType | undefined {
  return EVENT_TYPES.find((t) => TAXONOMY[t].includes(sub));
}
