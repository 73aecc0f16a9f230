// The console reads and changes everything through the service's own REST API, with the session cookie.

/** A refused request: the API's problem JSON (status, title, detail, where, errors). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function url(path, params) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach(one => u.searchParams.append(k, one));
    else if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  }
  return u;
}

async function call(method, path, { params, body, type } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = type || 'application/json';
  // a change made with the session repeats the log2-csrf cookie (handed out on every read) in a header
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  const res = await fetch(url(path, params), {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : (type || form ? body : JSON.stringify(body)),
  });
  if (res.status === 401) {          // the session ended: sign in again
    location.href = '/login.html';
    throw new ApiError(401, { title: 'Unauthorized' });
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json || { title: `HTTP ${res.status}` });
  return json;
}

function csrfToken() {
  const c = document.cookie.split('; ').find(x => x.startsWith('log2-csrf='));
  return c ? c.slice('log2-csrf='.length) : '';
}

export const get = (path, params) => call('GET', path, { params });
export const post = (path, body) => call('POST', path, { body });
export const put = (path, bytes, type) => call('PUT', path, { body: bytes, type: type || 'application/octet-stream' });
export const putJson = (path, body) => call('PUT', path, { body });
export const del = path => call('DELETE', path);
/** A multipart form (a file import): the browser sets its Content-Type with the boundary. */
export const postForm = (path, form) => call('POST', path, { body: form });

/** Every item of a keyset-paged list, at most `max` of them. */
export async function all(path, params, max = 5000) {
  const items = [];
  let cursor;
  do {
    const page = await get(path, { ...params, limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < max);
  return items;
}
