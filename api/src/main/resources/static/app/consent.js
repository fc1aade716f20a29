// Kith onboarding app: sharing with access applications (the consent link), the person's shares, who saw what.
import { main, h, Problem, api, say, act, page, view, go } from './ui.js';
import { myObjects, schemaOf, summary } from './data.js';

function appPicture(app) {
  // Only inline pictures are shown: the app never loads anything from another site.
  if (app.picture && app.picture.startsWith('data:image/')) {
    return h('img', { src: app.picture, alt: '', class: 'app-picture' });
  }
  return h('span', { class: 'app-picture', 'aria-hidden': 'true' }, (app.name || '?').slice(0, 1).toUpperCase());
}

async function consentView(params) {
  const aId = params.get('a_id');
  if (!aId) throw new Problem({ detail: 'This link names no application.' });
  const app = await api('GET', `/v1/aa/applications/${encodeURIComponent(aId)}/consent`);
  const objects = await myObjects();
  const shareable = objects.filter(o => !schemaOf(o).startsWith('ss_Clarity') && schemaOf(o) !== 'ss_Verification');
  const boxes = shareable.map(o => {
    const id = 'share-' + o.n_id;
    return h('li', {}, h('input', { type: 'checkbox', id, value: o.n_id, name: 'share' }), ' ',
      h('label', { for: id, style: 'display:inline;font-weight:normal' }, summary(o)));
  });
  const share = h('button', { type: 'button' }, 'Share');
  share.addEventListener('click', () => act(share, async () => {
    const chosen = [...main.querySelectorAll('input[name="share"]:checked')].map(b => b.value);
    if (!chosen.length) throw new Problem({ detail: 'Choose what to share, or leave this page to share nothing.' });
    const instance = await api('POST', '/v1/aa/instances', { a_id: aId, profile_objects: chosen });
    go('/shares');
    say(`Shared with ${app.name}. Confirmation code ${instance.confirmation_code}.`);
  }));
  return page(`Share with ${app.name}`, h('section', { class: 'card' },
    h('div', { class: 'app-head' }, appPicture(app), h('div', {}, h('strong', {}, app.name),
      app.description ? h('p', { class: 'muted' }, app.description) : null)),
    h('p', {}, `${app.name} asks for: `, h('strong', {}, (app.scopes || []).join(', ') || 'no particular scope')),
    h('fieldset', {}, h('legend', {}, 'Exactly these objects will be shared'), shareable.length
      ? h('ul', { class: 'plain' }, boxes) : h('p', {}, 'You have nothing to share yet.')),
    h('p', { class: 'muted' }, 'You can withdraw at any time under My shares; the application loses access at once.'),
    share));
}

async function appNames(aIds) {
  const names = {};
  for (const aId of new Set(aIds)) {
    try {
      names[aId] = (await api('GET', `/v1/aa/applications/${encodeURIComponent(aId)}/consent`)).name;
    } catch (e) {
      names[aId] = aId;
    }
  }
  return names;
}

async function sharesView() {
  const instances = await api('GET', '/v1/aa/instances');
  const names = await appNames(instances.map(i => i.a_id));
  const rows = instances.map(i => {
    const withdraw = i._state === 'Withdrawn' ? null : h('button', { type: 'button', class: 'secondary',
      'aria-label': `Withdraw from ${names[i.a_id]}` }, 'Withdraw');
    if (withdraw) {
      withdraw.addEventListener('click', () => act(withdraw, async () => {
        await api('DELETE', `/v1/aa/instances/${encodeURIComponent(i.i_id)}`);
        const fresh = await sharesView();
        view(fresh.title, ...fresh.content);
        say(`Withdrawn: ${names[i.a_id]} no longer has access.`);
      }));
    }
    return h('tr', {}, h('td', {}, names[i.a_id]), h('td', { 'data-state': i._state }, i._state),
      h('td', {}, (i.start_date || '').slice(0, 10)), h('td', {}, withdraw));
  });
  return page('My shares', instances.length === 0 ? h('p', {}, 'You have not shared anything.')
    : h('table', {}, h('caption', { class: 'muted' }, 'What you shared, with whom'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Application'), h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col' }, 'Since'), h('th', { scope: 'col' }, h('span', { class: 'muted' }, 'Action')))),
      h('tbody', {}, rows)));
}

async function seenView() {
  const me = await api('GET', '/v1/auth/me');
  const objects = await myObjects();
  const instances = await api('GET', '/v1/aa/instances');
  const names = await appNames(instances.map(i => i.a_id));
  const events = [];
  for (const o of objects) {
    for (const e of await api('GET', `/v1/audit/${encodeURIComponent(o.n_id)}`)) {
      if (e.u_id && e.u_id !== me.u_id && e.event_type.includes('read')) events.push({ ...e, what: summary(o), who: e.u_id });
    }
  }
  for (const i of instances) {
    for (const e of await api('GET', `/v1/audit/${encodeURIComponent(i.i_id)}`)) {
      if (e.u_id && e.u_id !== me.u_id && e.event_type.includes('read')) {
        events.push({ ...e, what: 'your share', who: `${names[i.a_id]} (${e.u_id})` });
      }
    }
  }
  events.sort((a, b) => String(b.date).localeCompare(String(a.date)));
  return page('Who saw my data', events.length === 0 ? h('p', {}, 'Nobody else has read your data.')
    : h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'),
      h('th', { scope: 'col' }, 'What'))), h('tbody', {}, events.map(e => h('tr', {},
        h('td', {}, String(e.date).replace('T', ' ').slice(0, 19)), h('td', {}, e.who), h('td', {}, e.what))))));
}


/** This module's pages by path (the router in app.js merges every module's table). */
export const routes = { '/shares': sharesView, '/seen': seenView, '/consent': consentView };
