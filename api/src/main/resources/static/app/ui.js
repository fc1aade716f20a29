// Kith onboarding app, the shared parts: elements, API calls, messages, the page frame and the session.
export const main = document.getElementById('main');
const statusBox = document.getElementById('status');
const alertBox = document.getElementById('alert');
export const nav = document.getElementById('nav');
export const TOKEN = 'kith.access';
export const REFRESH = 'kith.refresh';
export const USER = 'kith.username';

/** Creates an element: h('p', {class: 'muted'}, 'text', child). Text is always text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export class Problem extends Error {
  constructor(body, status) {
    super(body && body.detail ? body.detail : `request failed (${status})`);
    this.status = status;
    this.errors = body && Array.isArray(body.errors) ? body.errors : [];
    this.title = body && body.title;
    this.type = body && body.type;
    this.body = body;
  }
}

let reauthenticate = null;

/**
 * Sets what to do when the server asks for a fresher login (RFC 9470 step-up: 401 with
 * error="insufficient_user_authentication"): {@code fn} signs the person in again and resolves, then the request
 * is sent once more.
 */
export function onStepUp(fn) {
  reauthenticate = fn;
}

export function storeTokens(tokens, username) {
  sessionStorage.setItem(TOKEN, tokens.access_token);
  if (tokens.refresh_token) sessionStorage.setItem(REFRESH, tokens.refresh_token);
  if (username) sessionStorage.setItem(USER, username);
  nav.hidden = false;
}

/**
 * Calls Kith: JSON in, JSON (or text) out, a Problem on failure. {@code options.accept} asks for another type
 * (e.g. text/csv); {@code options.proof}: the body proves who the person is (a password), so a 401 means a wrong
 * proof, not an ended session. A step-up challenge signs the person in again and sends the request once more.
 */
export async function api(method, path, body, options = {}) {
  const headers = { Accept: options.accept || 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  const challenge = res.headers.get('www-authenticate') || '';
  const stepUp = /insufficient_user_authentication/.test(challenge);
  if (res.status === 401 && token && stepUp && reauthenticate && !options.retried) {
    await reauthenticate();
    return api(method, path, body, { ...options, retried: true });
  }
  if (res.status === 401 && token && !stepUp && !options.proof && path !== '/v1/auth/token') {
    signedOut();
    throw new Problem({ detail: 'Your session has ended; please log in again.' }, 401);
  }
  if (!res.ok) throw new Problem(data, res.status);
  return data;
}

export function say(message) {
  alertBox.replaceChildren();
  statusBox.textContent = message;
}

export function fail(error) {
  statusBox.textContent = '';
  const parts = [h('strong', {}, error.message)];
  if (error.errors && error.errors.length) {
    parts.push(h('ul', {}, error.errors.map(e => h('li', {}, (e.path ? e.path + ': ' : '') + e.message))));
  }
  alertBox.replaceChildren(...parts);
}

export function clearMessages() {
  statusBox.textContent = '';
  alertBox.replaceChildren();
}

/** Runs an async action from a form or button; shows problems; disables the trigger meanwhile. */
export async function act(trigger, work) {
  if (trigger) trigger.disabled = true;
  clearMessages();
  try {
    await work();
  } catch (e) {
    fail(e);
  } finally {
    if (trigger) trigger.disabled = false;
  }
}

/** A page a route handler produces: rendered only if the user has not navigated on meanwhile. */
export function page(title, ...content) {
  return { title, content };
}


export function view(title, ...content) {
  document.title = title + ' · Kith';
  main.replaceChildren(h('h2', {}, title), ...content);
  main.focus();
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === location.hash.split('?')[0]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

export function field(label, attrs) {
  const id = 'f-' + attrs.name;
  return [h('label', { for: id }, label), h('input', { id, ...attrs })];
}

export function signedIn() {
  return !!sessionStorage.getItem(TOKEN);
}

export function signedOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(REFRESH);
  nav.hidden = true;
}

/** The address of an app page, e.g. href('/data'): the one place that knows how app URLs are written. */
export function href(path) {
  return '#' + path;
}

/** Shows an app page, e.g. go('/shares'), as if the person had followed a link to it. */
export function go(path) {
  location.hash = '#' + path;
}
