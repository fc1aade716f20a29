// Kith onboarding app: the router (each page module exports its routes), login glue and log out.
import {
  nav, REFRESH, api, say, fail, view, signedIn, signedOut,
} from './ui.js';
import { authorizeView } from './authorize.js';
import { authView } from './login.js';
import { accountView } from './account.js';
import { endSessionView } from './logout.js';
import { routes as dataRoutes } from './data.js';
import { routes as consentRoutes } from './consent.js';
import { loadMessages } from './i18n.js';

let generation = 0;

// ---------------------------------------------------------------------------------------------- accounts

/** After a login: back to the page the person was on (a consent, the account page), else My data. */
async function afterLogin() {
  const next = sessionStorage.getItem('kith.next');
  sessionStorage.removeItem('kith.next');
  const target = next || '#/data';
  // the login form was shown in place of the page asked for (same hash): setting it again fires no hashchange
  if (location.hash === target) route(); else location.hash = target;
}

async function logout() {
  const refresh = sessionStorage.getItem(REFRESH);
  try {
    await api('POST', '/v1/auth/logout', refresh ? { refresh_token: refresh } : {});
  } catch (e) {
    // the session is left either way
  }
  signedOut();
  location.hash = '#/login';
  say('You are logged out.');
}

// ---------------------------------------------------------------------------------------------- routing

const ROUTES = { ...dataRoutes, ...consentRoutes, '/account': accountView, '/authorize': authorizeView,
  '/end-session': endSessionView };

async function route() {
  const [path, query] = location.hash.split('?');
  const params = new URLSearchParams(query || '');
  nav.hidden = !signedIn();
  if (['#/signup', '#/verify', '#/login'].includes(path)) {
    generation++;
    return authView(path.slice(2), afterLogin);
  }
  if (!signedIn() && path === '#/end-session') {
    const mine = ++generation;
    const result = await endSessionView(params);
    if (mine === generation && result) view(result.title, ...result.content);
    return;
  }
  if (!signedIn()) {
    const deepLink = path === '#/consent' || path === '#/authorize' || path === '#/account';
    if (deepLink) sessionStorage.setItem('kith.next', location.hash);
    return authView(deepLink ? 'login' : 'signup', afterLogin);
  }
  const handler = ROUTES[path.slice(1)] || ROUTES['/data'];
  const mine = ++generation;
  try {
    const result = await handler(params);
    if (mine === generation && result) view(result.title, ...result.content);
  } catch (e) {
    if (mine === generation) fail(e);
  }
}

document.getElementById('logout').addEventListener('click', logout);
window.addEventListener('hashchange', () => { route(); });
await loadMessages();
route();
