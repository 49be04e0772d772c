// The counter supervisor: the day's drawer sessions, the voids cashiers asked for (approve, with
// a reason when the amount needs one) and the closes whose over/short waits for a sign-off.
//
// API: GET /api/v1/counter/sessions?date= (one line per session), GET .../sessions/{s} for each
// open one (its receipts and counts: no route lists pending voids across sessions),
// POST .../sessions/{s}/receipts/{n}/void {"reason"}, POST .../sessions/{s}/sign-off {"reason"}.
import {
  initPage, api, h, clear, $, t, tv, enc, qs, run, notify, showError, fmtMoney, fmtTime, customerId, table,
} from './common.js';
import './i18n-counter.js';

const SESSIONS = '/api/v1/counter/sessions/';
let day = { date: '', sessions: [] };
let details = [];  // full sessions of the open ones

async function load() {
  const date = $('sup-date').value;
  try {
    day = await api.get('/api/v1/counter/sessions' + qs({ date }));
    if (!$('sup-date').value && day.date) $('sup-date').value = day.date;
    const open = (day.sessions || []).filter((s) => s.status === 'open');
    details = await Promise.all(open.map((s) => api.get(SESSIONS + enc(s.id))));
  } catch (err) {
    showError(err);
    return;
  }
  render();
}

function render() {
  renderVoids();
  renderSignoffs();
  renderSessions();
  const d = $('sup-date').value;
  $('sup-report-html').href = '/api/v1/counter/report' + qs({ from: d, format: 'html' });
  $('sup-report-csv').href = '/api/v1/counter/report' + qs({ from: d, format: 'csv' });
}

function renderVoids() {
  const box = clear($('voids'));
  const rows = [];
  for (const s of details) {
    for (const r of s.receipts || []) {
      if (!r.void || r.void.state !== 'requested') continue;
      const key = `${s.id}-${r.number}`;
      const reason = h('input', { id: `void-approve-reason-${key}`, name: 'reason', autocomplete: 'off', placeholderKey: 'supervisor.reason_optional', labelKey: 'supervisor.reason_optional', size: 20 });
      const form = h('form', { class: 'inline', id: `void-approve-form-${key}`, novalidate: true },
        reason, h('button', { type: 'submit', id: `void-approve-${key}`, i18n: 'supervisor.approve' }));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const done = await run(form, () =>
          api.post(`${SESSIONS}${enc(s.id)}/receipts/${r.number}/void`, { reason: reason.value.trim() }, { slot: 'void-' + key }));
        if (done) {
          notify('supervisor.void_done', { n: r.number, session: s.id });
          await load();
        }
      });
      rows.push(h('tr', { id: `void-row-${key}`, testid: 'void-row' },
        h('td', { text: s.drawer }),
        h('td', { class: 'mono', text: s.id }),
        h('td', null, h('a', { href: `${SESSIONS}${enc(s.id)}/receipts/${r.number}?format=html`, target: '_blank', rel: 'noopener', text: '#' + r.number })),
        h('td', { text: customerId(r.account) }),
        h('td', { text: r.payer_name || '' }),
        h('td', { class: 'num', text: fmtMoney(r.amount) }),
        h('td', { text: r.void.requested_by }),
        h('td', { text: r.void.request_reason }),
        h('td', null, form)));
    }
  }
  $('voids-empty').hidden = rows.length > 0;
  if (rows.length === 0) return;
  box.append(table([
    { key: 'supervisor.drawer' }, { key: 'supervisor.session' }, { key: 'receipts.number' }, { key: 'receipts.account' },
    { key: 'receipts.payer' }, { key: 'receipts.amount', cls: 'num' }, { key: 'supervisor.asked_by' }, { key: 'supervisor.why' },
    { key: 'receipts.actions' }], rows, { id: 'voids-table' }));
}

function renderSignoffs() {
  const box = clear($('signoffs'));
  const rows = [];
  for (const s of details) {
    const counts = s.counts || [];
    if (s.status !== 'open' || counts.length === 0) continue;
    const c = counts[counts.length - 1];
    const reason = h('input', { id: `signoff-reason-${s.id}`, name: 'reason', required: true, autocomplete: 'off', placeholderKey: 'supervisor.reason', labelKey: 'supervisor.reason', size: 20 });
    const form = h('form', { class: 'inline', id: `signoff-form-${s.id}`, novalidate: true },
      reason, h('button', { type: 'submit', id: `signoff-${s.id}`, i18n: 'supervisor.sign_off' }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!reason.value.trim()) {
        showError(t('supervisor.reason_needed'));
        reason.focus();
        return;
      }
      const done = await run(form, () =>
        api.post(`${SESSIONS}${enc(s.id)}/sign-off`, { reason: reason.value.trim() }, { slot: 'signoff-' + s.id }));
      if (done) {
        notify('supervisor.signoff_done', { session: s.id });
        await load();
      }
    });
    rows.push(h('tr', { id: `signoff-row-${s.id}`, testid: 'signoff-row' },
      h('td', { text: s.drawer }),
      h('td', { class: 'mono', text: s.id }),
      h('td', { text: s.cashier }),
      h('td', { class: 'num', text: fmtMoney(c.expected) }),
      h('td', { class: 'num', text: fmtMoney(c.counted) }),
      h('td', { class: 'num', text: fmtMoney(c.over_short) }),
      h('td', { text: fmtTime(c.recorded_at_us) }),
      h('td', null, form)));
  }
  $('signoffs-empty').hidden = rows.length > 0;
  if (rows.length === 0) return;
  box.append(table([
    { key: 'supervisor.drawer' }, { key: 'supervisor.session' }, { key: 'supervisor.cashier' },
    { key: 'close.expected', cls: 'num' }, { key: 'close.counted', cls: 'num' }, { key: 'close.over_short', cls: 'num' },
    { key: 'receipts.time' }, { key: 'receipts.actions' }], rows, { id: 'signoffs-table' }));
}

function renderSessions() {
  const box = clear($('sessions'));
  const sessions = day.sessions || [];
  if (sessions.length === 0) {
    box.append(h('p', { class: 'muted', i18n: 'supervisor.no_sessions' }));
    return;
  }
  const rows = sessions.map((s) => {
    const totals = s.totals || {};
    const slip = s.status === 'closed'
      ? h('a', { href: `${SESSIONS}${enc(s.id)}/deposit-slip?format=html`, target: '_blank', rel: 'noopener', i18n: 'supervisor.slip' })
      : '';
    return h('tr', { id: `session-row-${s.id}` },
      h('td', { text: s.drawer }),
      h('td', { class: 'mono', text: s.id }),
      h('td', { text: s.cashier }),
      h('td', null, h('span', { class: 'pill ' + s.status, text: tv('status', s.status) })),
      h('td', { class: 'num', text: s.receipt_count }),
      h('td', { class: 'num', text: fmtMoney(s.float) }),
      h('td', { class: 'num', text: fmtMoney(totals.cash) }),
      h('td', { class: 'num', text: fmtMoney(totals.check) }),
      h('td', { class: 'num', text: fmtMoney(totals.money_order) }),
      h('td', { class: 'num', text: fmtMoney(totals.card) }),
      h('td', { class: 'num', text: fmtMoney(totals.voided) }),
      h('td', { class: 'num', text: s.expected_cash !== undefined ? fmtMoney(s.expected_cash) : '' }),
      h('td', null, slip));
  });
  box.append(table([
    { key: 'supervisor.drawer' }, { key: 'supervisor.session' }, { key: 'supervisor.cashier' }, { key: 'receipts.status' },
    { key: 'supervisor.receipts', cls: 'num' }, { key: 'session.float', cls: 'num' }, { key: 'tender_type.cash', cls: 'num' },
    { key: 'tender_type.check', cls: 'num' }, { key: 'tender_type.money_order', cls: 'num' }, { key: 'tender_type.card', cls: 'num' },
    { key: 'supervisor.voided', cls: 'num' }, { key: 'close.expected', cls: 'num' }, { key: 'supervisor.deposit' }], rows, { id: 'sessions-table' }));
}

$('sup-form').addEventListener('submit', (e) => {
  e.preventDefault();
  load();
});
const me = await initPage({ page: 'supervisor', need: ['counter_supervise'], onLang: render });
if (me) await load();
