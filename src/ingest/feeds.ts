/** RSS 2.0, RSS 1.0 (RDF) and Atom feeds: recognised by content type or body, read into plain items. */
import { XMLParser } from 'fast-xml-parser';

export interface FeedItem {
  /** guid / Atom id, else the link */
  id: string;
  link: string | null;
  title: string | null;
  /** YYYY-MM-DD */
  published: string | null;
  /** the item's own HTML (content:encoded / Atom content), else its description/summary */
  html: string | null;
  /** a changing value (Atom updated, else the date) so a re-published item is read again */
  version: string;
}

export interface Feed {
  title: string | null;
  items: FeedItem[];
}

export function looksLikeFeed(contentType: string | null, body: string): boolean {
  const type = (contentType ?? '').toLowerCase();
  if (/rss|atom|rdf/.test(type)) return true;
  const head = body.slice(0, 2048).replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, '').trimStart();
  const first = head.replace(/^<\?xml[^>]*>\s*/i, '').replace(/^<!DOCTYPE[^>]*>\s*/i, '').trimStart();
  return /^<(rss|feed|rdf:RDF)[\s>]/i.test(first);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return null;
}

export function isoDay(v: string | null): string | null {
  if (!v) return null;
  const iso = v.match(/^(\d{4}-\d{2}-\d{2})/);
  if (iso) return iso[1];
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

function rssLink(item: Node): string | null {
  const links = (item.link as unknown[] | undefined) ?? [];
  for (const l of links) {
    if (typeof l === 'string' && l.trim()) return l.trim();
    if (l && typeof l === 'object') {
      const n = l as Node;
      if (typeof n['#text'] === 'string' && n['#text'].trim()) return n['#text'].trim();
      if (typeof n['@_href'] === 'string' && (!n['@_rel'] || n['@_rel'] === 'alternate')) return n['@_href'];
    }
  }
  const guid = item.guid;
  if (guid && typeof guid === 'object' && (guid as Node)['@_isPermaLink'] !== 'false') {
    const g = text(guid);
    if (g && /^https?:\/\//i.test(g)) return g;
  } else if (typeof guid === 'string' && /^https?:\/\//i.test(guid)) return guid;
  return null;
}

function atomLink(entry: Node): string | null {
  const links = (entry.link as unknown[] | undefined) ?? [];
  let fallback: string | null = null;
  for (const l of links) {
    if (!l || typeof l !== 'object') continue;
    const n = l as Node;
    const href = typeof n['@_href'] === 'string' ? n['@_href'] : null;
    if (!href) continue;
    if (!n['@_rel'] || n['@_rel'] === 'alternate') return href;
    fallback ??= href;
  }
  return fallback;
}

function absolute(link: string | null, base: string | undefined): string | null {
  if (!link) return null;
  try {
    return new URL(link, base).href;
  } catch {
    return null;
  }
}

/** Parses a feed; throws an Error with a one-line message when the XML is not a feed. */
export function parseFeed(xml: string, baseUrl?: string): Feed {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new Error(`not a readable feed (${(err as Error).message.split('\n')[0]})`);
  }
  const rss = doc.rss as Node | undefined;
  const rdf = doc['rdf:RDF'] as Node | undefined;
  const atom = doc.feed as Node | undefined;
  if (rss || rdf) {
    const channel = ((rss?.channel ?? rdf?.channel) as Node | undefined) ?? {};
    const items = ((channel.item ?? rdf?.item) as Node[] | undefined) ?? [];
    return {
      title: text(channel.title),
      items: items.map((item) => {
        const link = absolute(rssLink(item), baseUrl);
        const date = text(item.pubDate) ?? text(item['dc:date']);
        const id = text(item.guid) ?? link ?? text(item.title) ?? '';
        return {
          id,
          link,
          title: text(item.title),
          published: isoDay(date),
          html: text(item['content:encoded']) ?? text(item.description),
          version: date ?? '',
        };
      }).filter((i) => i.id),
    };
  }
  if (atom) {
    const entries = (atom.entry as Node[] | undefined) ?? [];
    return {
      title: text(atom.title),
      items: entries.map((entry) => {
        const link = absolute(atomLink(entry), baseUrl);
        const published = text(entry.published) ?? text(entry.updated);
        return {
          id: text(entry.id) ?? link ?? '',
          link,
          title: text(entry.title),
          published: isoDay(published),
          html: text(entry.content) ?? text(entry.summary),
          version: text(entry.updated) ?? published ?? '',
        };
      }).filter((i) => i.id),
    };
  }
  throw new Error('not an RSS or Atom feed');
}
