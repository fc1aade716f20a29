// The hosted consent page of Kith's OpenID Provider: a relying party's request, answered with Allow or Deny. Names
// the application and its organisation, what it may do, and which of the person's objects it will receive, field
// by field in plain words (the person may untick any).
import { main, h, api, act, page, signedOut, go, NEXT } from './ui.js';
import { t } from './i18n.js';
import { describe, headline, fieldList } from './words.js';
import { whoAsks } from './consent.js';

/** A scope in the person's language (the server's English words when the message files have none). */
function scopeWords(s) {
  const key = 'consent.scope_' + s.scope;
  const words = t(key);
  return words === key ? s.description : words;
}

export async function authorizeView(params) {
  const id = params.get('request');
  const request = await api('GET', `/v1/oidc/requests/${encodeURIComponent(id || '')}`);
  const app = request.application;
  if (request.login_required) {
    const again = h('button', { type: 'button' }, t('consent.log_in_again'));
    again.addEventListener('click', () => {
      signedOut();
      sessionStorage.setItem(NEXT, location.pathname + location.search);
      go('/login');
    });
    return page(t('consent.login_again_title', { app: app.name }), h('section', { class: 'card' },
      h('p', {}, t('consent.login_again', { app: app.name })), again));
  }
  const described = await Promise.all(request.candidates.map(describe));
  const boxes = request.candidates.map((c, i) => {
    const boxId = 'give-' + c.n_id;
    const list = fieldList(described[i]);
    list.id = boxId + '-fields';
    return h('li', {}, h('input', { type: 'checkbox', id: boxId, value: c.n_id, name: 'give', checked: true,
      'aria-describedby': list.id }), ' ', h('label', { for: boxId, style: 'display:inline' }, headline(described[i])),
    list);
  });
  const allow = h('button', { type: 'button' }, t('consent.allow'));
  const deny = h('button', { type: 'button', class: 'secondary' }, t('consent.deny'));
  allow.addEventListener('click', () => act(allow, async () => {
    const chosen = [...main.querySelectorAll('input[name="give"]:checked')].map(b => b.value);
    const answer = await api('POST', `/v1/oidc/requests/${encodeURIComponent(id)}/allow`, { profile_objects: chosen });
    location.assign(answer.redirect_to);
  }));
  deny.addEventListener('click', () => act(deny, async () => {
    const answer = await api('POST', `/v1/oidc/requests/${encodeURIComponent(id)}/deny`);
    location.assign(answer.redirect_to);
  }));
  return page(t('consent.authorize_title', { app: app.name }), h('section', { class: 'card' },
    whoAsks(app),
    h('p', {}, t('consent.authorize_may', { app: app.name })),
    h('ul', {}, request.scopes.map(s => h('li', {}, scopeWords(s)))),
    request.candidates.length ? h('fieldset', {}, h('legend', {}, t('consent.authorize_receives', { app: app.name })),
      h('ul', { class: 'plain' }, boxes)) : null,
    h('p', { class: 'muted' }, t('consent.withdraw_any_time', { app: app.name })),
    h('div', { class: 'button-group' }, allow, deny)));
}
