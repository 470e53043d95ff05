// Talks to the local API only. Writes carry `Authorization: Bearer TOKEN`; the token comes from the URL
// fragment (#token=...) once, is kept in localStorage, and is asked for (in-page) when a write gets 401.

const TOKEN_KEY = 'sitrep.token';
const USER_KEY = 'sitrep.user';

/** Reads #token=...&user=... once, keeps them in localStorage and takes them out of the address bar. */
export function takeTokenFromFragment() {
  const f = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!f.has('token') && !f.has('user')) return;
  try {
    if (f.get('token')) localStorage.setItem(TOKEN_KEY, f.get('token'));
    if (f.get('user')) localStorage.setItem(USER_KEY, f.get('user'));
  } catch { /* private mode */ }
  f.delete('token'); f.delete('user');
  const rest = f.toString();
  history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
}

export function getUser() {
  try { return localStorage.getItem(USER_KEY) || ''; } catch { return ''; }
}

export function getToken() {
  try { return localStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

let asking = null;
/** Asks for the token in the page (one dialog however many requests were refused at once). */
function askToken() {
  if (!asking) asking = askTokenNow().finally(() => { asking = null; });
  return asking;
}

function askTokenNow() {
  const dlg = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  const user = document.getElementById('user-input');
  return new Promise((resolve) => {
    input.value = '';
    user.value = getUser();
    const done = (ok) => {
      dlg.removeEventListener('close', onClose);
      cancel.removeEventListener('click', onCancel);
      if (dlg.open) dlg.close();
      const v = input.value.trim();
      try { if (ok && user.value.trim()) localStorage.setItem(USER_KEY, user.value.trim()); } catch { /* ignore */ }
      if (ok && v) { try { localStorage.setItem(TOKEN_KEY, v); } catch { /* ignore */ } resolve(v); } else resolve(null);
    };
    const onClose = () => done(dlg.returnValue === 'ok');
    const onCancel = () => done(false);
    const cancel = document.getElementById('token-cancel');
    dlg.addEventListener('close', onClose);
    cancel.addEventListener('click', onCancel);
    dlg.showModal();
    input.focus();
  });
}

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function errorOf(res) {
  let msg = `${res.status} ${res.statusText}`;
  try {
    const body = await res.json();
    if (body && (body.message || body.error)) msg = String(body.message || body.error);
  } catch { /* not JSON */ }
  return new ApiError(res.status, msg);
}

/** A read. Servers listening beyond loopback want the token for reads too: it is sent when known, asked for on 401. */
export async function getJSON(path, params) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(path + qs(params), { headers });
    if ((res.status === 401 || res.status === 403) && attempt === 0) {
      const t = await askToken();
      if (!t) throw new ApiError(401, 'this server wants a token for reading');
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    return res.json();
  }
  throw new ApiError(401, 'the token was refused');
}

/** A write: retried once with a token asked for when the API answers 401. */
export async function write(method, path, body, isForm = false) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const user = getUser();
    if (user) headers['X-Sitrep-User'] = user;
    if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : isForm ? body : JSON.stringify(body) });
    if ((res.status === 401 || res.status === 403) && attempt === 0) {
      const t = await askToken();
      if (!t) throw new ApiError(401, 'a token is needed for changes');
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    if (res.status === 204) return null;
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }
  throw new ApiError(401, 'the token was refused');
}

export function qs(params) {
  if (!params) return '';
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? '?' + s : '';
}
