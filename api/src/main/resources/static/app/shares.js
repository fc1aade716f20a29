// Kith onboarding app: what the person shared. My shares, grouped by application (what each receives, since when,
// withdraw); "Shared with" for one object (/shares?object=<n_id>); who saw my data is in seen.js.
import { h, api, say, act, page, view, href } from './ui.js';
import { t, formatDate } from './i18n.js';
import { confirmAction } from './forms.js';
import { describe, headline, appTitle } from './words.js';
import { seenView } from './seen.js';

export { seenView };

/** The person's objects (owned or administered) by n_id. */
export async function objectsById() {
  const read = await api('POST', '/v1/db/profile-objects/read', { permissions: ['IS_OWNER', 'ADMINS'], limit: 1000 });
  return new Map((read.profile_objects || []).map(o => [o.n_id, o]));
}

/** How a share stands, in plain words. */
export function stateWords(state, app) {
  if (state === 'Withdrawn') return t('consent.state_withdrawn');
  if (state === 'Submitted') return t('consent.state_active');
  return t('consent.state_moved', { state, app });
}

/**
 * A Withdraw button for one share: asks first (the application loses access at once), then withdraws and shows
 * {@code again()}'s page with the outcome.
 */
function withdrawButton(iId, appName, again) {
  const button = h('button', { type: 'button', class: 'warning', 'aria-label': t('consent.withdraw_from',
    { app: appName }) }, t('consent.withdraw'));
  button.addEventListener('click', () => act(button, async () => {
    const sure = await confirmAction(t('consent.withdraw_question', { app: appName }),
      t('consent.withdraw_consequence', { app: appName }), t('consent.withdraw'));
    if (!sure) return;
    await api('DELETE', `/v1/aa/instances/${encodeURIComponent(iId)}`);
    const fresh = await again();
    view(fresh.title, ...fresh.content);
    say(t('consent.withdrawn', { app: appName }));
  }));
  return button;
}

function appName(label) {
  return label ? label.name : t('consent.app_gone');
}

async function receives(instance, objects) {
  if (!instance.profile_objects.length) return h('p', {}, t('consent.receives_nothing'));
  const items = await Promise.all(instance.profile_objects.map(async nId => {
    const o = objects.get(nId);
    return h('li', {}, o ? headline(await describe(o)) : t('consent.object_gone'));
  }));
  return h('div', {}, h('p', {}, t('consent.receives')), h('ul', {}, items));
}

/** My shares, one card per application: its name and organisation, each share's date, what it receives. */
async function byApplication() {
  const [instances, objects] = await Promise.all([api('GET', '/v1/aa/instances'), objectsById()]);
  if (!instances.length) {
    return page(t('consent.shares_title'), h('p', {}, t('consent.shared_nothing')));
  }
  const groups = new Map();
  for (const i of instances) {
    if (!groups.has(i.a_id)) groups.set(i.a_id, []);
    groups.get(i.a_id).push(i);
  }
  const live = list => list.some(i => i._state !== 'Withdrawn');
  const ordered = [...groups.values()].sort((a, b) => Number(live(b)) - Number(live(a)));
  const cards = await Promise.all(ordered.map(async (list, g) => {
    const label = list[0].application;
    const name = appName(label);
    const headingId = 'app-' + g;
    const rows = await Promise.all(list.map(async i => h('li', {},
      h('p', {}, h('strong', {}, t('consent.shared_on', { date: formatDate(i.start_date) })), ' · ',
        h('span', { 'data-state': i._state }, stateWords(i._state, name))),
      await receives(i, objects),
      i._state === 'Withdrawn' ? null : withdrawButton(i.i_id, name, byApplication))));
    return h('section', { class: 'card', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, appTitle(label)), h('ul', { class: 'plain' }, rows));
  }));
  return page(t('consent.shares_title'), h('p', { class: 'muted' }, t('consent.shares_intro')), ...cards);
}

/** "Shared with" for one of the person's objects: which applications have it, since when; withdraw. */
async function forObject(nId) {
  const [object, shares] = await Promise.all([
    api('GET', `/v1/db/profile-objects/${encodeURIComponent(nId)}`),
    api('GET', `/v1/aa/profile-objects/${encodeURIComponent(nId)}/shares`)]);
  const what = headline(await describe(object));
  const back = h('p', {}, h('a', { href: href('/shares') }, t('consent.all_shares')));
  if (!shares.length) {
    return page(t('consent.object_title', { what }), h('p', {}, t('consent.object_not_shared')), back);
  }
  const rows = shares.map(s => {
    const name = appName(s.application);
    return h('tr', {}, h('td', {}, appTitle(s.application)),
      h('td', {}, s.start_date ? formatDate(s.start_date) : ''),
      h('td', { 'data-state': s._state }, stateWords(s._state, name)),
      h('td', {}, s._state === 'Withdrawn' ? null : withdrawButton(s.i_id, name, () => forObject(nId))));
  });
  return page(t('consent.object_title', { what }), h('table', {},
    h('caption', { class: 'visually-hidden' }, t('consent.object_caption', { what })),
    h('thead', {}, h('tr', {}, [t('consent.col_app'), t('consent.col_since'), t('consent.col_state')]
      .map(c => h('th', { scope: 'col' }, c)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' },
      t('consent.col_action'))))),
    h('tbody', {}, rows)), back);
}

/** /shares (by application) and /shares?object=<n_id> (one object's "Shared with"). */
export function sharesView(params) {
  const nId = params && params.get('object');
  return nId ? forObject(nId) : byApplication();
}
