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

export async function api(method, path, body, headers = {}) {
  const opts = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
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
