/**
 * Cleaning: input document → CleanDocument. Pure (data files are read once), no I/O on the input.
 * HTML main text, page furniture removal, title/outlet/date, language.
 * The caller's own fields win: `title`, `source` (outlets) and `published` given with the input.
 */
import type { CleanDocument, InputDocument } from '../model/index.js';
import { canonicalOutlets, lookupOutlet, outletByDomain } from '../knowledge/outlets.js';
import { extractHtml } from './html.js';
import { cleanText } from './furniture.js';
import { parseStamp } from './dates.js';
import { detectLanguage } from './language.js';

export { cleanText, normaliseText } from './furniture.js';
export { extractHtml } from './html.js';
export { detectLanguage } from './language.js';
export { parseDateLine, parseStamp } from './dates.js';

const looksLikeHtml = (s: string) => /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(s);

export function clean(input: InputDocument): CleanDocument {
  let raw = input.text;
  let htmlMeta: ReturnType<typeof extractHtml> | null = null;
  if (raw == null || raw === '') {
    if (input.html != null) {
      htmlMeta = extractHtml(input.html);
      raw = htmlMeta.text;
    } else raw = '';
  } else if (looksLikeHtml(raw)) {
    htmlMeta = extractHtml(raw);
    raw = htmlMeta.text;
  }
  const t = cleanText(raw);

  const url = input.url ?? htmlMeta?.url ?? null;
  let outlets: string[];
  if (input.source && input.source.trim()) outlets = canonicalOutlets(input.source);
  else {
    outlets = [];
    const add = (n: string | null | undefined) => {
      if (n && !outlets.includes(n)) outlets.push(n);
    };
    if (htmlMeta?.siteName) add(lookupOutlet(htmlMeta.siteName)?.name ?? htmlMeta.siteName);
    t.outlets.forEach(add);
    if (!outlets.length && url) add(outletByDomain(url)?.name);
  }
  const published = (input.published && parseStamp(input.published)) || htmlMeta?.published || t.published || null;
  return {
    id: input.id,
    url,
    text: t.text,
    title: input.title?.trim() || htmlMeta?.title || t.title,
    outlets,
    published,
    language: detectLanguage(t.text),
  };
}
