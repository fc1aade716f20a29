// Kith onboarding app: the router (each page module exports its routes; the pages have real addresses under /app/),
// the start page, login glue, log out and the language chooser.
import {
  h, nav, main, REFRESH, NEXT, api, say, fail, view, signedIn, signedOut, go, follow, onNavigate, href,
  scheduleRefresh, clearMessages,
} from './ui.js';
import { authorizeView } from './authorize.js';
import { authView } from './login.js';
import { accountView } from './account.js';
import { endSessionView } from './logout.js';
import { routes as dataRoutes } from './data.js';
import { routes as consentRoutes } from './consent.js';
import { loadMessages, t, LANGUAGES, language, chooseLanguage } from './i18n.js';

let generation = 0;

// ---------------------------------------------------------------------------------------------- accounts

/** After a login: on to the page the person had opened (a consent, the account page), else My data. */
async function afterLogin() {
  const next = sessionStorage.getItem(NEXT);
  sessionStorage.removeItem(NEXT);
  clearMessages();
  const target = next && next.startsWith('/app/') ? next.slice('/app'.length) : '/data';
  await go(target, { replace: true });
}

async function logout() {
  const refresh = sessionStorage.getItem(REFRESH);
  try {
    await api('POST', '/v1/auth/logout', refresh ? { refresh_token: refresh } : {});
  } catch (e) {
    // the session is left either way
  }
  signedOut();
  clearMessages();
  await go('/login');
  say(t('shell.loggedOut'));
}

// ---------------------------------------------------------------------------------------------- pages

function startView() {
  view(t('shell.start.title'),
    h('p', { class: 'lead' }, t('shell.start.what')),
    h('p', {}, t('shell.start.how')),
    h('div', { class: 'button-group' },
      h('a', { class: 'button', href: href('/signup') }, t('shell.start.signup')),
      h('a', { class: 'button secondary', href: href('/login') }, t('shell.start.login'))));
}

const PUBLIC = ['/signup', '/verify', '/login'];
const ROUTES = { ...dataRoutes, ...consentRoutes, '/account': accountView, '/authorize': authorizeView,
  '/end-session': endSessionView };

/** The app path of the current address: /app/consent → /consent; / and /app/ → /. */
function currentPath() {
  const path = location.pathname.replace(/^\/app(?=\/|$)/, '').replace(/\/+$/, '');
  return path || '/';
}

/** Shows the login in place of a page that needs one; the page follows after the login. */
function loginFirst() {
  sessionStorage.setItem(NEXT, location.pathname + location.search);
  return authView('login', afterLogin);
}

async function route() {
  const path = currentPath();
  const params = new URLSearchParams(location.search);
  nav.hidden = !signedIn();
  const mine = ++generation;
  if (PUBLIC.includes(path)) return authView(path.slice(1), afterLogin);
  if (path === '/') {
    if (signedIn() && location.pathname !== '/') return go('/data', { replace: true });
    return startView();
  }
  if (!signedIn() && path === '/end-session') {
    const result = await endSessionView(params);
    if (mine === generation && result) view(result.title, ...result.content);
    return;
  }
  if (!signedIn()) return loginFirst();
  const handler = ROUTES[path] || ROUTES['/data'];
  try {
    const result = await handler(params);
    if (mine === generation && result) view(result.title, ...result.content);
  } catch (e) {
    if (mine !== generation) return;
    // the session ended while the page loaded: log in, then back to this page
    if (e.status === 401 && !signedIn()) {
      loginFirst();
      fail(e);
      return;
    }
    fail(e);
  }
}

// ---------------------------------------------------------------------------------------------- the frame

/** A click on a link to an app page shows that page here (no reload); other links work as links do. */
function onLinkClick(ev) {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest && ev.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  if (a.getAttribute('href').startsWith('#') && !a.classList.contains('skip')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  if (a.classList.contains('skip')) {
    ev.preventDefault();
    main.focus();
    return;
  }
  const app = url.pathname === '/' || url.pathname === '/app' || url.pathname.startsWith('/app/');
  if (!app || /\.[a-z0-9]+$/i.test(url.pathname)) return;
  ev.preventDefault();
  follow(url.pathname + url.search);
}

function languageChooser() {
  const select = h('select', { id: 'language', name: 'language' },
    Object.entries(LANGUAGES).map(([code, name]) =>
      h('option', { value: code, lang: code, selected: code === language() }, name)));
  select.addEventListener('change', () => {
    chooseLanguage(select.value);
    location.reload();
  });
  return h('div', { class: 'language' }, h('label', { for: 'language' }, t('shell.language')), select);
}

function frame() {
  document.querySelector('.skip').textContent = t('shell.skip');
  nav.setAttribute('aria-label', t('shell.nav.label'));
  for (const a of nav.querySelectorAll('a[data-key]')) a.textContent = t(a.dataset.key);
  document.getElementById('logout').textContent = t('shell.nav.logout');
  document.querySelector('header').append(languageChooser());
}

document.getElementById('logout').addEventListener('click', logout);
document.addEventListener('click', onLinkClick);
window.addEventListener('popstate', () => follow());
onNavigate(route);
await loadMessages();
frame();
scheduleRefresh();
route();
