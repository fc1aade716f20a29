// Kith onboarding app: who saw my data. Every read of the person's shares by an application, and every read of
// their objects by another account, newest first, in plain words and the person's locale.
import { h, api, page } from './ui.js';
import { t, formatDateTime } from './i18n.js';
import { describe, headline, appTitle } from './words.js';

const READS = {
  instance_read: 'consent.seen_share_read',
  instance_content_read: 'consent.seen_share_document',
  profile_read: 'consent.seen_object_read',
  profile_content_read: 'consent.seen_object_document',
};

/** Runs {@code work} over {@code items}, a few at a time (a person may have hundreds of objects). */
async function inTurns(items, work, parallel = 6) {
  const out = [];
  for (let i = 0; i < items.length; i += parallel) {
    out.push(...await Promise.all(items.slice(i, i + parallel).map(work)));
  }
  return out;
}

async function trail(id) {
  try {
    return await api('GET', `/v1/audit/${encodeURIComponent(id)}`);
  } catch (e) {
    return [];
  }
}

export async function seenView() {
  const [me, instances, read] = await Promise.all([api('GET', '/v1/auth/me'), api('GET', '/v1/aa/instances'),
    api('POST', '/v1/db/profile-objects/read', { permissions: ['IS_OWNER'], limit: 1000 })]);
  const objects = read.profile_objects || [];
  const names = new Map(await inTurns(objects, async o => [o.n_id, headline(await describe(o))]));
  const byOther = e => e.u_id && e.u_id !== me.u_id && READS[e.event_type];
  const events = [];
  await inTurns(instances, async i => {
    const what = i.profile_objects.map(n => names.get(n)).filter(Boolean).join('; ') || t('consent.seen_your_share');
    for (const e of (await trail(i.i_id)).filter(byOther)) {
      events.push({ date: e.date, who: appTitle(i.application), what: t(READS[e.event_type], { what }) });
    }
  });
  await inTurns(objects, async o => {
    for (const e of (await trail(o.n_id)).filter(byOther)) {
      events.push({ date: e.date, who: t('consent.seen_another_account'),
        what: t(READS[e.event_type], { what: names.get(o.n_id) }) });
    }
  });
  events.sort((a, b) => String(b.date).localeCompare(String(a.date)));
  return page(t('consent.seen_title'), h('p', { class: 'muted' }, t('consent.seen_intro')),
    events.length === 0 ? h('p', {}, t('consent.seen_nobody'))
      : h('table', {}, h('caption', { class: 'visually-hidden' }, t('consent.seen_caption')),
        h('thead', {}, h('tr', {}, [t('consent.col_when'), t('consent.col_who'), t('consent.col_what')]
          .map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, events.map(e => h('tr', {}, h('td', {}, formatDateTime(e.date)), h('td', {}, e.who),
          h('td', {}, e.what))))));
}
