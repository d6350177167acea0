// Talks to the placesafe API: JSON in and out, the session cookie, and the CSRF header that
// every unsafe request made with the cookie must carry.

function csrf() {
  const m = document.cookie.match(/(?:^|; )placesafe_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export class APIError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `request failed (${status})`);
    this.status = status;
    this.code = e.code;
    this.details = e.details || [];
  }
}

// The local area the dashboard is narrowed to by the header's area switcher ('' for all the
// user's areas), kept for the tab's session. Every request names it in X-Local-Area, so that the
// service answers for that area alone.
const areaKey = 'placesafe.localArea';
export function chosenArea() {
  return sessionStorage.getItem(areaKey) || '';
}
export function chooseArea(id) {
  if (id) sessionStorage.setItem(areaKey, String(id));
  else sessionStorage.removeItem(areaKey);
}
// areaHeader is the header that narrows a request to the chosen area (none for all areas).
export function areaHeader() {
  const id = chosenArea();
  return id ? { 'X-Local-Area': id } : {};
}

// api makes a request; a header given as null is left out (X-Local-Area: null asks for all the
// user's areas whatever is chosen).
export async function api(method, path, body, headers = {}) {
  const opts = { method, headers: { Accept: 'application/json', ...areaHeader(), ...headers }, credentials: 'same-origin' };
  for (const [k, v] of Object.entries(opts.headers)) if (v === null) delete opts.headers[k];
  if (method !== 'GET' && method !== 'HEAD') opts.headers['X-CSRF-Token'] = csrf();
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof FormData || typeof body === 'string') {
      opts.body = body;
    } else {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
  }
  const res = await fetch(path, opts);
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.blob();
  if (!res.ok) throw new APIError(res.status, data);
  return { data, etag: res.headers.get('ETag'), res };
}

export const get = (path) => api('GET', path).then((r) => r.data);

// query builds a query string from an object, leaving out empty values; arrays repeat.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
