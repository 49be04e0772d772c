// A customer's account for the billing technician: balance, history with each entry's source
// (file and line, or the person and request), returns with their letters (English and
// Spanish), autopay status, the bank's notices of change, and autopay enrol/remove for those
// who may.
//
// /web/accounts: a search by number or name; /web/accounts/{id}: one account (the id is read
// from the path). API: GET /api/v1/accounts/{id}?limit=, GET /api/v1/search?customer= | ?name=,
// GET /api/v1/accounts/{id}/letters/{return}?lang=, POST /api/v1/autopay/{account}/enrol | remove.
import {
  initPage, api, h, clear, $, t, tv, enc, qs, run, notify, showError, can,
  fmtMoney, fmtMinor, customerId, shortId, decimalToCents, table, digitsOnly,
} from './common.js';
import './i18n-billing.js';

const PREFIX = '/web/accounts/';
const RETURN_TYPES = ['PAYMENT_RETURNED', 'CHARGEBACK_RECEIVED'];
let accountId = location.pathname.startsWith(PREFIX) ? decodeURIComponent(location.pathname.slice(PREFIX.length)) : '';
let data = null;
let found = null;
let limit = 50;

async function search() {
  const q = $('acct-search').value.trim();
  if (!q) return;
  try {
    if (/^[0-9]+$/.test(q)) {
      try {
        await api.get('/api/v1/accounts/' + enc(q) + '?limit=1');
        location.assign(PREFIX + enc(q));
        return;
      } catch (err) {
        if (err.status !== 404) throw err;
      }
      found = (await api.get('/api/v1/search' + qs({ customer: q, limit: 50 }))).accounts || [];
    } else {
      try {
        found = (await api.get('/api/v1/search' + qs({ name: q, limit: 50 }))).accounts || [];
      } catch (err) {
        if (err.status !== 400) throw err;
        showError(t('search.name_unavailable'));
        return;
      }
    }
  } catch (err) {
    showError(err);
    return;
  }
  renderFound();
}

function renderFound() {
  const box = clear($('acct-results'));
  if (found === null) return;
  if (found.length === 0) {
    box.append(h('p', { class: 'muted', i18n: 'account.none_found' }));
    return;
  }
  box.append(table([{ key: 'receipts.account' }, { key: 'account.name' }, { key: 'account.balance', cls: 'num' }],
    found.map((a) => [
      h('a', { href: PREFIX + enc(customerId(a.account)), text: customerId(a.account) }),
      [a.name, a.address].filter(Boolean).join(' · '),
      fmtMoney(a.balance)]), { id: 'acct-results-table' }));
}

async function load() {
  try {
    data = await api.get('/api/v1/accounts/' + enc(accountId) + qs({ limit }));
  } catch (err) {
    showError(err);
    return;
  }
  render();
}

function render() {
  if (!data) return;
  $('acct-section').hidden = false;
  $('acct-id').textContent = customerId(data.account);
  $('acct-name').textContent = data.name ? '· ' + data.name : '';
  $('acct-address').textContent = data.address || '';
  const owed = decimalToCents(data.balance);
  $('acct-balance').textContent = fmtMoney(data.balance) + (owed !== null && owed < 0n ? ' ' + t('account.credit') : '');
  $('acct-postings').textContent = String(data.postings ?? '');
  $('acct-adjust').href = '/web/adjustments' + qs({ account: customerId(data.account) });
  renderAutopay();
  renderReturns();
  renderNotices();
  renderHistory();
  $('acct-more').hidden = !data.entries || data.entries.length < limit || limit >= 1000;
}

function renderAutopay() {
  const p = clear($('acct-autopay'));
  const a = data.autopay;
  if (!a) {
    p.append(h('span', { class: 'muted', i18n: 'account.autopay_unknown' }));
  } else {
    p.append(h('span', { class: 'pill ' + (a.status || ''), text: tv('autopay', a.status) }));
    if (a.bank_account) p.append(' ', a.bank_account);
    if (a.routing) p.append(' · ', a.routing);
    if (a.nsf_returns) p.append(' · ', h('span', { i18n: 'account.nsf_returns' }), ': ' + a.nsf_returns);
  }
  renderScheduled();
  $('autopay-forms').hidden = !can('autopay_manage');
}

// Autopay entries sent to the bank that post on their effective date.
function renderScheduled() {
  const box = clear($('acct-scheduled'));
  const scheduled = data.autopay_scheduled || [];
  box.hidden = scheduled.length === 0;
  if (scheduled.length === 0) return;
  box.append(h('h3', { i18n: 'account.scheduled' }), table(
    [{ key: 'account.effective' }, { key: 'account.type' }, { key: 'receipts.amount', cls: 'num' }],
    scheduled.map((s) => [s.effective_date, tv('scheduled', s.kind), fmtMinor(s.amount_minor)]),
    { id: 'acct-scheduled-table' }));
}

function sourceCell(e) {
  const s = e.source;
  if (!s) return h('span', { class: 'muted', text: '—' });
  if (s.file_sha256 || s.file_name) {
    const line = s.line ?? s.record_ordinal;
    return h('a', { href: '/web/files#' + enc(s.file_sha256 || ''), title: s.file_sha256 || '' },
      s.file_name || shortId(s.file_sha256), line ? ' · ' + t('account.line', { n: line }) : '');
  }
  return h('span', { text: [s.user, s.request_id].filter(Boolean).join(' · ') });
}

function renderReturns() {
  const box = clear($('acct-returns'));
  // The API's returns when it gives them; else the returned payments and chargebacks in the
  // history shown (no letter then).
  const returns = data.returns || (data.entries || []).filter((e) => RETURN_TYPES.includes(e.event_type)).map((e) => ({
    business_date: e.business_date, type: e.event_type, amount: e.amount, reason: e.memo, event_id: e.event_id,
  }));
  if (returns.length === 0) {
    box.append(h('p', { class: 'muted', i18n: 'account.no_returns' }));
    return;
  }
  box.append(table(
    [{ key: 'common.date' }, { key: 'account.type' }, { key: 'receipts.amount', cls: 'num' }, { key: 'account.code' }, { key: 'account.memo' }, { key: 'account.letter' }],
    returns.map((r) => {
      const letter = r.letter;
      return [r.business_date || '', tv('event', r.type || 'PAYMENT_RETURNED'), fmtMoney(r.amount), r.return_code || '', r.reason || '',
        letter ? h('span', null,
          h('a', { href: letter + '?lang=en', target: '_blank', rel: 'noopener', testid: 'letter-en', i18n: 'account.letter_en' }), ' · ',
          h('a', { href: letter + '?lang=es', target: '_blank', rel: 'noopener', testid: 'letter-es', i18n: 'account.letter_es' }))
          : h('span', { class: 'muted', text: '—' })];
    }), { id: 'acct-returns-table' }));
}

// What the bank says to change in the customer's autopay record (C01 account, C02 routing, ...);
// a refused notice (C61..C69) is marked for a person to look at.
function renderNotices() {
  const box = clear($('acct-notices'));
  const notices = data.notices || [];
  if (notices.length === 0) {
    box.append(h('p', { class: 'muted', i18n: 'account.no_notices' }));
    return;
  }
  box.append(table([{ key: 'common.date' }, { key: 'account.change_code' }, { key: 'account.corrected' }],
    notices.map((n) => [n.business_date, n.change_code || '',
      h('span', null, n.corrected_account || n.corrected_data || '', n.refused ? h('span', { class: 'pill removed', i18n: 'account.refused_notice' }) : '')]),
    { id: 'acct-notices-table' }));
}

function renderHistory() {
  const box = clear($('acct-history'));
  const entries = data.entries || [];
  if (entries.length === 0) {
    box.append(h('p', { class: 'muted', i18n: 'account.no_history' }));
    return;
  }
  box.append(table(
    [{ key: 'common.date' }, { key: 'account.type' }, { key: 'receipts.amount', cls: 'num' }, { key: 'account.balance_after', cls: 'num' },
      { key: 'account.memo' }, { key: 'account.source' }, { key: 'account.event' }],
    entries.map((e) => h('tr', { testid: 'history-row' },
      h('td', { text: e.business_date }),
      h('td', { text: tv('event', e.event_type) }),
      h('td', { class: 'num', text: fmtMoney(e.amount) }),
      h('td', { class: 'num', text: e.balance_after_minor !== undefined ? fmtMinor(e.balance_after_minor) : '' }),
      h('td', { text: e.memo || '' }),
      h('td', null, sourceCell(e)),
      h('td', { class: 'mono', title: e.event_id, text: shortId(e.event_id) }))),
    { id: 'acct-history-table' }));
}

async function enrol(form) {
  const body = {
    routing_number: $('autopay-routing').value.trim(),
    account_number: $('autopay-account').value.trim(),
    account_type: $('autopay-type').value,
    holder_name: $('autopay-holder').value.trim(),
  };
  const done = await run(form, () => api.post('/api/v1/autopay/' + enc(customerId(data.account)) + '/enrol', body, { slot: 'autopay' }));
  if (done) {
    form.reset();
    notify('autopay.enrol_done', { bank: done.bank_account || '' });
    await load();
  }
}

async function removeAutopay(form) {
  const reason = $('autopay-reason').value.trim();
  if (!reason) {
    showError(t('autopay.reason_needed'));
    $('autopay-reason').focus();
    return;
  }
  const done = await run(form, () => api.post('/api/v1/autopay/' + enc(customerId(data.account)) + '/remove', { reason }, { slot: 'autopay' }));
  if (done) {
    form.reset();
    notify('autopay.remove_done');
    await load();
  }
}

$('acct-search-form').addEventListener('submit', (e) => { e.preventDefault(); search(); });
$('autopay-enrol-form').addEventListener('submit', (e) => { e.preventDefault(); enrol(e.target); });
$('autopay-remove-form').addEventListener('submit', (e) => { e.preventDefault(); removeAutopay(e.target); });
$('acct-more').addEventListener('click', () => { limit = 1000; load(); });
digitsOnly($('autopay-routing'), 9);
digitsOnly($('autopay-account'), 17);

const me = await initPage({ page: 'accounts', need: ['read'], onLang: () => { render(); renderFound(); } });
if (me) {
  if (accountId) {
    $('acct-search').value = customerId(accountId);
    await load();
  } else {
    $('acct-search').focus();
  }
}
