// Import: drop files, paste text or give a URL. Each item goes to POST /api/ingest in turn, with progress,
// and the events it produced are listed (and appear on the map) as soon as it is done.
import { h, clear } from './dom.js';
import { write } from './api.js';

let built = null;

export function renderImport(el, app) {
  if (built && el.contains(built)) return;
  clear(el);
  const fileInput = h('input#import-files', { type: 'file', multiple: true, accept: '.txt,.html,.htm,.jsonl,.json,text/*' });
  const drop = h('div#dropzone.dropzone', { tabindex: 0 }, h('p', null, 'Drop report files here (.txt, .html, .jsonl) or '), fileInput);
  const text = h('textarea#import-text', { rows: 8, placeholder: 'Paste a report’s text here' });
  const title = h('input#import-title', { type: 'text', placeholder: 'title (optional)' });
  const source = h('input#import-source', { type: 'text', placeholder: 'outlet, e.g. SOHR (optional)' });
  const published = h('input#import-published', { type: 'date', title: 'published (optional)' });
  const url = h('input#import-url', { type: 'url', placeholder: 'https://… (fetched by the server)' , size: 50 });
  const progress = h('progress#import-progress', { max: 1, value: 0 });
  const log = h('ol#import-log.import-log');
  const queue = [];
  let running = false;

  const run = async () => {
    if (running) return;
    running = true;
    let done = 0;
    while (queue.length) {
      const total = done + queue.length;
      progress.max = total; progress.value = done;
      const item = queue.shift();
      item.li.querySelector('.state').textContent = 'sending…';
      try {
        const res = await write('POST', '/api/ingest', item.body, item.isForm);
        const results = Array.isArray(res) ? res : res && Array.isArray(res.results) ? res.results : [];
        const got = await app.refresh();
        const st = item.li.querySelector('.state');
        st.textContent = results.map((r) => `${r.report_id}: ${r.status}, ${r.events} event${r.events === 1 ? '' : 's'}`).join(' · ') || 'done';
        item.li.classList.add('ok');
        const ids = new Set(results.map((r) => r.report_id));
        const evs = app.ds.events.filter((e) => (e.docs || [e.doc]).some((d) => ids.has(d)));
        const shown = evs.length ? evs : got;
        if (shown.length) {
          item.li.append(h('ul.import-events', null, shown.slice(0, 50).map((e) => h('li', null, h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); app.openEvent(e.id); } },
            `${e.event_date || 'undated'} · ${e.event_type} · ${e.location || e.admin1 || ''} · ${e.fatalities} killed`)))));
        }
      } catch (err) {
        item.li.querySelector('.state').textContent = `failed: ${err.message}`;
        item.li.classList.add('error');
      }
      done++;
      progress.max = done + queue.length; progress.value = done;
    }
    running = false;
    app.status('Import finished', 'ok');
  };

  const enqueue = (label, body, isForm = false) => {
    const li = h('li', null, h('strong', null, label), ' — ', h('span.state', null, 'queued'));
    log.append(li);
    queue.push({ body, isForm, li });
    run();
  };

  const addFiles = (files) => {
    for (const f of files) {
      const fd = new FormData();
      fd.append('files', f, f.name);
      enqueue(f.name, fd, true);
    }
  };
  fileInput.addEventListener('change', () => { addFiles([...fileInput.files]); fileInput.value = ''; });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); addFiles([...(e.dataTransfer?.files || [])]); });

  const pasteBtn = h('button#import-text-go', { type: 'button', onclick: () => {
    const t = text.value.trim();
    if (!t) { app.status('Paste some text first', 'warn'); return; }
    const body = { text: t };
    if (title.value.trim()) body.title = title.value.trim();
    if (source.value.trim()) body.source = source.value.trim();
    if (published.value) body.published = published.value;
    enqueue(body.title || t.slice(0, 60).replace(/\s+/g, ' ') + '…', body);
    text.value = '';
  } }, 'Import text');
  const urlBtn = h('button#import-url-go', { type: 'button', onclick: () => {
    const u = url.value.trim();
    if (!/^https?:\/\//i.test(u)) { app.status('Give an http(s) URL', 'warn'); return; }
    enqueue(u, { url: u });
    url.value = '';
  } }, 'Import URL');

  built = h('div.import-layout', null,
    h('section', null, h('h2', null, 'Files'), drop),
    h('section', null, h('h2', null, 'Paste text'), text, h('div.row', null, title, source, published, pasteBtn)),
    h('section', null, h('h2', null, 'URL'), h('div.row', null, url, urlBtn)),
    h('section', null, h('h2', null, 'Progress'), progress, log));
  el.append(built);
}
