// Loads the merge fixtures: short reports of one strike or offensive told by several outlets, and the
// per-report events an extractor would give for them (hand-coded), each tagged with its gold story.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SitrepEvent } from '../../src/model/index.js';
import type { Account } from '../../src/merge/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'merge');

export interface FixtureReport {
  id: string;
  source: string;
  published: string;
  title: string;
  text: string;
}

export interface FixtureAccount extends Account {
  story: string;
}

function readJsonl<T>(name: string): T[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadReports(): FixtureReport[] {
  return readJsonl<FixtureReport>('reports.jsonl');
}

/** A complete event record from a partial one (the fields a test cares about). */
export function makeEvent(p: Partial<SitrepEvent> & { quote?: string }, text = ''): SitrepEvent {
  const { quote, ...rest } = p;
  const start = quote && text ? text.indexOf(quote) : -1;
  return {
    doc: 'doc',
    event_date: null,
    time_precision: 1,
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Air/drone strike',
    actor1: '',
    assoc_actor_1: '',
    inter1: null,
    actor2: '',
    assoc_actor_2: '',
    inter2: null,
    interaction: null,
    civilian_targeting: '',
    country: 'Syria',
    admin1: '',
    admin2: '',
    admin3: '',
    location: '',
    latitude: null,
    longitude: null,
    geo_precision: 1,
    source: '',
    notes: '',
    fatalities: 0,
    injured: null,
    arrested: null,
    fatalities_low: null,
    fatalities_high: null,
    evidence: start >= 0 && quote ? [{ start, end: start + quote.length, text: quote }] : [],
    confidence: 0.7,
    sources_count: 1,
    ...rest,
  };
}

export function loadAccounts(): FixtureAccount[] {
  const texts = new Map(loadReports().map((r) => [r.id, r.text]));
  return readJsonl<{ story: string; report_id: string; outlet: string; event: Partial<SitrepEvent> & { quote?: string } }>(
    'accounts.jsonl',
  ).map((a) => ({
    story: a.story,
    report_id: a.report_id,
    outlet: a.outlet,
    event: makeEvent({ doc: a.report_id, notes: a.event.quote ?? '', ...a.event }, texts.get(a.report_id) ?? ''),
  }));
}

/** Gold groups of report ids: the reports that tell each story. */
export function goldReportGroups(accounts: FixtureAccount[]): string[][] {
  const byStory = new Map<string, Set<string>>();
  for (const a of accounts) {
    const s = byStory.get(a.story) ?? new Set<string>();
    s.add(a.report_id);
    byStory.set(a.story, s);
  }
  return [...byStory.values()].map((s) => [...s]);
}
