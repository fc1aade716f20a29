// Kith onboarding app: sharing with an access application through its consent link (/consent?a_id=…): who asks,
// what it asks for, which of the person's objects it would receive (in plain words), Allow or Deny. The pages of the
// person's shares and of who saw their data are in shares.js; this module exports every sharing route.
import { main, h, Problem, api, say, act, page, view, href } from './ui.js';
import { t } from './i18n.js';
import { describe, headline, fieldList, kindOf } from './words.js';
import { sharesView, seenView } from './shares.js';

/** The application's picture (inline pictures only: the app never loads anything from another site) or initial. */
export function appPicture(app) {
  if (app.picture && app.picture.startsWith('data:image/')) {
    return h('img', { src: app.picture, alt: '', class: 'app-picture' });
  }
  return h('span', { class: 'app-picture', 'aria-hidden': 'true' }, (app.name || '?').slice(0, 1).toUpperCase());
}

/** Who asks: the application, its organisation (or that it names none) and what it says it does. */
export function whoAsks(app) {
  return h('div', { class: 'app-head' }, appPicture(app), h('div', { style: 'margin-left:.75rem' },
    h('strong', {}, app.name), h('br'),
    h('span', {}, app.organisation ? t('consent.from_org', { org: app.organisation }) : t('consent.no_org')),
    app.description ? h('p', { class: 'muted', style: 'margin:.25rem 0 0' }, app.description) : null));
}

/** One offered object: a checkbox named by the object, and below it every field the application would receive. */
function choice(o, d, checked) {
  const id = 'share-' + o.n_id;
  const details = id + '-fields';
  const list = fieldList(d);
  list.id = details;
  return h('li', {}, h('input', { type: 'checkbox', id, value: o.n_id, name: 'share', checked,
    'aria-describedby': details }), ' ', h('label', { for: id, style: 'display:inline' }, headline(d)), list);
}

function afterwards(title, message, ...content) {
  view(title, h('section', { class: 'card' }, h('p', {}, message), ...content));
  say(message);
}

async function consentView(params) {
  const aId = params.get('a_id');
  if (!aId) throw new Problem({ detail: t('consent.no_application') });
  const app = await api('GET', `/v1/aa/applications/${encodeURIComponent(aId)}/consent`);
  const requested = app.requested_schemas || [];
  const candidates = app.candidates || [];
  const described = await Promise.all(candidates.map(describe));
  const kinds = await Promise.all(requested.map(kindOf));
  const asks = requested.length
    ? h('div', {}, h('p', {}, t('consent.asks_for', { app: app.name })), h('ul', {}, kinds.map(k => h('li', {}, k))))
    : h('p', {}, t('consent.asks_nothing_particular', { app: app.name }));
  const offered = candidates.length
    ? h('fieldset', {}, h('legend', {}, t('consent.choose', { app: app.name })),
      h('ul', { class: 'plain' }, candidates.map((o, i) => choice(o, described[i], requested.length > 0))))
    : h('p', {}, t('consent.nothing_to_offer', { app: app.name }), ' ',
      h('a', { href: href('/add') }, t('consent.add_data')));
  const allow = h('button', { type: 'button' }, t('consent.allow'));
  const deny = h('button', { type: 'button', class: 'secondary' }, t('consent.deny'));
  allow.addEventListener('click', () => act(allow, async () => {
    const chosen = [...main.querySelectorAll('input[name="share"]:checked')].map(b => b.value);
    if (!chosen.length) throw new Problem({ detail: t('consent.choose_one', { app: app.name }) });
    const instance = await api('POST', '/v1/aa/instances', { a_id: aId, profile_objects: chosen });
    afterwards(t('consent.allowed_title', { app: app.name }),
      t('consent.allowed', { app: app.name, count: chosen.length, code: instance.confirmation_code }),
      h('p', {}, t('consent.where_to_withdraw', { app: app.name })),
      h('p', {}, h('a', { href: href('/shares') }, t('consent.go_shares'))));
  }));
  deny.addEventListener('click', () => act(deny, async () => {
    afterwards(t('consent.denied_title'), t('consent.denied', { app: app.name }),
      h('p', {}, h('a', { href: href('/data') }, t('consent.go_data'))));
  }));
  return page(t('consent.title', { app: app.name }), h('section', { class: 'card' }, whoAsks(app), asks, offered,
    h('p', { class: 'muted' }, t('consent.withdraw_any_time', { app: app.name })),
    h('div', { class: 'button-group' }, allow, deny)));
}

/** This module's pages by path (the router in app.js merges every module's table). */
export const routes = { '/shares': sharesView, '/seen': seenView, '/consent': consentView };
