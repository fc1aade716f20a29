// The hosted consent page of Kith's OpenID Provider: a relying party's request, answered with Allow or Deny.
import { main, h, api, act, page, signedOut, go, NEXT } from './ui.js';

const SCHEMA_NAMES = { ss_NZ_Person: 'Your details', ss_ContactLocation: 'Your address' };

function describe(candidate) {
  const p = candidate.properties || {};
  const words = [p.given_names, p.family_name, p.street1, p.city, p.email].filter(v => typeof v === 'string' && v);
  return `${SCHEMA_NAMES[candidate.schema] || candidate.schema}: ${words.join(' ') || 'no details yet'}`;
}

export async function authorizeView(params) {
  const id = params.get('request');
  const request = await api('GET', `/v1/oidc/requests/${encodeURIComponent(id || '')}`);
  const app = request.application;
  if (request.login_required) {
    const again = h('button', { type: 'button' }, 'Log in again');
    again.addEventListener('click', () => {
      signedOut();
      sessionStorage.setItem(NEXT, location.pathname + location.search);
      go('/login');
    });
    return page(`${app.name} asks you to log in again`, h('section', { class: 'card' },
      h('p', {}, `${app.name} needs a recent login before it can go on.`), again));
  }
  const boxes = request.candidates.map(c => {
    const boxId = 'give-' + c.n_id;
    return h('li', {}, h('input', { type: 'checkbox', id: boxId, value: c.n_id, name: 'give', checked: true }), ' ',
      h('label', { for: boxId, style: 'display:inline;font-weight:normal' }, describe(c)));
  });
  const allow = h('button', { type: 'button' }, 'Allow');
  const deny = h('button', { type: 'button', class: 'secondary' }, 'Deny');
  allow.addEventListener('click', () => act(allow, async () => {
    const chosen = [...main.querySelectorAll('input[name="give"]:checked')].map(b => b.value);
    const answer = await api('POST', `/v1/oidc/requests/${encodeURIComponent(id)}/allow`, { profile_objects: chosen });
    location.assign(answer.redirect_to);
  }));
  deny.addEventListener('click', () => act(deny, async () => {
    const answer = await api('POST', `/v1/oidc/requests/${encodeURIComponent(id)}/deny`);
    location.assign(answer.redirect_to);
  }));
  return page(`${app.name} wants to know who you are`, h('section', { class: 'card' },
    app.description ? h('p', { class: 'muted' }, app.description) : null,
    h('p', {}, `If you allow it, ${app.name} may:`),
    h('ul', {}, request.scopes.map(s => h('li', {}, s.description))),
    request.candidates.length ? h('fieldset', {}, h('legend', {}, 'Taken from (untick what you do not want to give)'),
      h('ul', { class: 'plain' }, boxes)) : null,
    h('p', { class: 'muted' }, 'You can withdraw this at any time under My shares; the application loses access at once.'),
    h('div', {}, allow, ' ', deny)));
}
