// Kith onboarding app, the shared parts: elements, API calls, messages, the page frame, addresses and the session.
import { t } from './i18n.js';

export const main = document.getElementById('main');
const statusBox = document.getElementById('status');
const alertBox = document.getElementById('alert');
export const nav = document.getElementById('nav');
export const TOKEN = 'kith.access';
export const REFRESH = 'kith.refresh';
export const USER = 'kith.username';
const EXPIRES = 'kith.expires';
/** Where a person who had to log in first goes afterwards (an app address such as /app/consent?a_id=...). */
export const NEXT = 'kith.next';

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
  if (tokens.expires_in) sessionStorage.setItem(EXPIRES, String(Date.now() + tokens.expires_in * 1000));
  nav.hidden = false;
  scheduleRefresh();
}

let refreshTimer = null;
let refreshing = null;

/**
 * Renews the session before its access token expires: a minute before (a fifth of the lifetime for a short one),
 * with the refresh token, which the server rotates (the new one replaces the old one here).
 */
export function scheduleRefresh() {
  clearTimeout(refreshTimer);
  const expires = Number(sessionStorage.getItem(EXPIRES) || 0);
  if (!expires || !sessionStorage.getItem(REFRESH)) return;
  const left = expires - Date.now();
  const margin = Math.min(60000, Math.max(1000, left / 5));
  refreshTimer = setTimeout(() => { refreshSession().catch(() => null); }, Math.max(0, left - margin));
}

/**
 * Exchanges the refresh token for new tokens; concurrent callers share one exchange (a rotated refresh token
 * works once). Resolves true when the session goes on; false (and signed out) when it has ended.
 */
export function refreshSession() {
  if (refreshing) return refreshing;
  const token = sessionStorage.getItem(REFRESH);
  if (!token) return Promise.resolve(false);
  refreshing = (async () => {
    try {
      const res = await fetch('/v1/auth/token', { method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: token }) });
      if (res.ok) {
        storeTokens(await res.json());
        return true;
      }
      // refused (ended, reused or expired): the session is over; a network failure leaves it for the next try
      if (res.status === 400 || res.status === 401) signedOut();
      return false;
    } catch (e) {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * Calls Kith: JSON in, JSON (or text) out, a Problem on failure. {@code options.accept} asks for another type
 * (e.g. text/csv); {@code options.proof}: the body proves who the person is (a password), so a 401 means a wrong
 * proof, not an ended session. A step-up challenge signs the person in again and sends the request once more.
 */
export async function api(method, path, body, options = {}) {
  const headers = { Accept: options.accept || 'application/json', ...(options.headers || {}) };
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
    // an expired access token: renew it once (unless a concurrent call did meanwhile) and send the request again
    if (!options.renewed && (sessionStorage.getItem(TOKEN) !== token || await refreshSession())) {
      return api(method, path, body, { ...options, renewed: true });
    }
    signedOut();
    throw new Problem({ detail: t('shell.sessionEnded'), session_ended: true }, 401);
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
    if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page');
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
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(REFRESH);
  sessionStorage.removeItem(EXPIRES);
  nav.hidden = true;
}

/** The address of an app page, e.g. href('/data') is /app/data: the one place that knows how app URLs are written. */
export function href(path) {
  return '/app' + path;
}

let router = () => {};

/** Sets what shows the page of the current address (the app's router). */
export function onNavigate(fn) {
  router = fn;
}

/**
 * Shows an app page, e.g. go('/shares'), as if the person had followed a link to it. A message said just before
 * (or just after) stays for the new page; the next navigation clears it.
 */
export function go(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', href(path));
  else history.pushState(null, '', href(path));
  return router();
}

/** A navigation by the person (a link, back or forward): messages of the last page go, the new page shows. */
export function follow(url) {
  clearMessages();
  if (url) history.pushState(null, '', url);
  return router();
}
