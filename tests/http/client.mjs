// A small HTTP client for node:test: no redirects followed, raw status, headers and Set-Cookie visible, a cookie jar.
import http from 'node:http';

// Value of the first <input type="hidden" name="csrf" value="..."> in html (attribute order free), or null.
export function csrf(html) {
  for (const m of String(html).matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\bname\s*=\s*["']?csrf["'\s>\/]/i.test(tag)) continue;
    const v = tag.match(/\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
    if (v) return decodeEntities(v[1] ?? v[2] ?? v[3]);
  }
  return null;
}

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|#39|apos);/gi, (all, e) => {
    const l = e.toLowerCase();
    if (l === 'amp') return '&';
    if (l === 'lt') return '<';
    if (l === 'gt') return '>';
    if (l === 'quot') return '"';
    if (l === 'apos') return "'";
    if (l.startsWith('#x')) return String.fromCodePoint(parseInt(l.slice(2), 16));
    return String.fromCodePoint(parseInt(l.slice(1), 10));
  });
}

export class Client {
  // base: 'http://127.0.0.1:PORT' (a trailing slash is ignored).
  constructor(base) {
    this.base = String(base).replace(/\/+$/, '');
    this.cookies = new Map(); // name -> value; one site, so path and domain are ignored
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // Remembers cookies from Set-Cookie lines; Max-Age<=0 or an Expires in the past deletes.
  storeCookies(setCookies) {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expired = value === '';
      for (const a of attrs) {
        const [k, ...rest] = a.split('=');
        const key = k.trim().toLowerCase();
        const val = rest.join('=').trim();
        if (key === 'max-age' && Number(val) <= 0) expired = true;
        if (key === 'expires' && Date.parse(val) < Date.now()) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // method, path ('/calendar?x=1'), {headers, body (string|Buffer)}. Headers set to null/undefined are not sent.
  // Resolves to {status, headers (lower-case names), rawHeaders, setCookies, location, body (string), buffer}.
  request(method, path, { headers = {}, body } = {}) {
    const url = new URL(path, this.base + '/');
    const h = {};
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    for (const [k, v] of Object.entries(headers)) {
      for (const old of Object.keys(h)) if (old.toLowerCase() === k.toLowerCase()) delete h[old];
      if (v !== null && v !== undefined) h[k] = v;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers: h, agent: false }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const buffer = Buffer.concat(chunks);
          const setCookies = res.headers['set-cookie'] ?? [];
          this.storeCookies(setCookies);
          resolve({
            status: res.statusCode,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            setCookies,
            location: res.headers.location ?? null,
            body: buffer.toString('utf8'),
            buffer,
          });
        });
      });
      req.setTimeout(30000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  get(path, { headers = {} } = {}) {
    return this.request('GET', path, { headers });
  }

  // form: an object (encoded as application/x-www-form-urlencoded; array values repeat the field),
  // a string or a Buffer sent as is. An Origin header for this server is sent unless headers name one.
  post(path, form = {}, { headers = {}, contentType = 'application/x-www-form-urlencoded' } = {}) {
    let body;
    if (typeof form === 'string' || Buffer.isBuffer(form)) body = form;
    else {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) {
        if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
        else if (v !== undefined && v !== null) p.append(k, String(v));
      }
      body = p.toString();
    }
    return this.request('POST', path, {
      headers: { Origin: this.base, 'Content-Type': contentType, ...headers },
      body,
    });
  }

  csrf(html) {
    return csrf(html);
  }

  // GET the form page, then POST fields plus its csrf token to the same (or another) path.
  async submit(path, fields = {}, { action = path, headers = {} } = {}) {
    const page = await this.get(path, { headers });
    const token = csrf(page.body);
    if (token === null) throw new Error(`no csrf field on ${path} (status ${page.status})`);
    return this.post(action, { ...fields, csrf: token }, { headers });
  }

  // Signs in (single-organisation installs need no org); returns the POST's response (303 on success).
  async login(login, password, { org } = {}) {
    const fields = { login, password };
    if (org !== undefined) fields.org = org;
    return this.submit('/login', fields);
  }
}
