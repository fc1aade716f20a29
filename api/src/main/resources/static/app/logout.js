// Kith's end-session page (OpenID Connect RP-initiated logout): a relying party asks Kith to end this session.
// The request was checked by /oauth2/logout before the browser came here, and is checked again by the API.
import { h, api, act, page, view, signedIn, signedOut, go } from './ui.js';
import { t } from './i18n.js';

function request(params) {
  const body = {};
  for (const name of ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state']) {
    if (params.get(name)) body[name] = params.get(name);
  }
  return body;
}

function done(outcome) {
  signedOut();
  if (outcome.redirect_to) {
    location.assign(outcome.redirect_to);
    return null;
  }
  return page(t('shell.end.done'), h('p', {}, t('shell.end.close')));
}

export async function endSessionView(params) {
  if (!signedIn()) {
    return page(t('shell.end.none'), h('p', {}, t('shell.end.noneWhy')));
  }
  const body = request(params);
  const first = await api('POST', '/v1/oidc/logout', { ...body, confirm: false });
  if (first.ended) return done(first);
  const name = first.application || t('shell.end.someApp');
  const yes = h('button', { type: 'button' }, t('shell.nav.logout'));
  const no = h('button', { type: 'button', class: 'secondary' }, t('shell.end.stay'));
  yes.addEventListener('click', () => act(yes, async () => {
    const outcome = await api('POST', '/v1/oidc/logout', { ...body, confirm: true });
    const next = done(outcome);
    if (next) view(next.title, ...next.content);
  }));
  no.addEventListener('click', () => { go('/data'); });
  return page(t('shell.end.asks', { name }), h('section', { class: 'card' },
    h('p', {}, t('shell.end.question')), h('div', {}, yes, ' ', no)));
}
