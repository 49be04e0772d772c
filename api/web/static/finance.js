// Finance: the day's reconciliation. The bank reconciliation statement, the deposits with their
// matches, the matches the day's runs made (each match's explanation and criteria; confirm or
// reject a proposal), a run of the reconciler, the discrepancy queue (acknowledge, resolve,
// reopen, and each one's history), reports to download (CSV) and print (HTML), and a chart of
// the last 30 business days drawn as inline SVG with createElementNS.
//
// API: GET /api/v1/reconcile/reports/{statement|deposits|outstanding}?date=&account=&format=,
// GET /api/v1/reconcile/reports/deposits?from=&to= (the chart), GET /api/v1/reconcile/matches?date=&limit=&after=,
// GET /api/v1/reconcile/matches/{id}, POST /api/v1/reconcile/run {"date"},
// POST /api/v1/reconcile/matches/{id}/confirm {} | reject {"why"}, GET /api/v1/discrepancies,
// POST /api/v1/discrepancies/{id}/acknowledge {"note"} | resolve {"reason", "note"} | reopen {"why"},
// GET /api/v1/counter/report?from=&format=.
import {
  initPage, api, h, clear, $, t, tv, enc, qs, run, notify, showError, clearError, can,
  decimalToCents, fmtMoney, fmtMinor, fmtTime, shortId, todayIso, table,
} from './common.js';
import './i18n-finance.js';

const REPORTS = '/api/v1/reconcile/reports/';
const MATCHES = '/api/v1/reconcile/matches';
const MONEY_COLUMNS = new Set(['amount', 'declared', 'matched', 'proposed', 'open', 'expected_by_tally', 'shown_by_bank_only']);
const MONEY_SUMMARY = new Set(['bank_balance', 'book_balance', 'reconciling_items', 'difference', 'declared', 'matched', 'open']);
const TABLE_TITLES = { statement: ['rep.reconciling', 'rep.transit'], deposits: ['rep.by_channel', 'rep.deposits'] };
const REASONS = ['matched', 'written_off', 'bank_fee', 'bank_error', 'timing', 'duplicate', 'other'];
const AGE_BUCKETS = [['0-1', 1], ['2-5', 5], ['6-10', 10], ['11-30', 30], ['31+', Infinity]];
const BUSINESS_DAYS = 30;
const MATCH_PAGE = 1000;

const state = {
  statement: null, statementError: null,
  deposits: null, depositsError: null,
  discrepancies: [],
  match: null,          // the match shown
  matches: [], matchesError: null,
  matchesNext: null,    // next_after when the day has more matches than were fetched
  runReport: null,
  chart: null,          // {days: [iso], byDay: Map(iso -> [channel figures] | null: not read)}
};

// ---------------------------------------------------------------- loading

function date() {
  return $('fin-date').value || todayIso();
}

// Everything of the date; the 30-day chart only when asked (a discrepancy step leaves it as it was).
async function load({ chart = true } = {}) {
  clearError();
  const d = date();
  const account = $('fin-account').value.trim();
  renderReportLinks();
  const [statement, deposits, disc, matches] = await Promise.allSettled([
    api.get(REPORTS + 'statement' + qs({ date: d, account, format: 'json' })),
    api.get(REPORTS + 'deposits' + qs({ date: d, format: 'json' })),
    api.get('/api/v1/discrepancies?limit=10000'),
    api.get(MATCHES + qs({ date: d, limit: MATCH_PAGE })),
  ]);
  state.statement = statement.status === 'fulfilled' ? statement.value : null;
  state.statementError = statement.status === 'rejected' ? statement.reason : null;
  state.deposits = deposits.status === 'fulfilled' ? deposits.value : null;
  state.depositsError = deposits.status === 'rejected' ? deposits.reason : null;
  if (disc.status === 'fulfilled') state.discrepancies = disc.value.discrepancies || [];
  else showError(disc.reason);
  state.matches = matches.status === 'fulfilled' ? matches.value.matches || [] : [];
  state.matchesNext = matches.status === 'fulfilled' ? matches.value.next_after || null : null;
  state.matchesError = matches.status === 'rejected' ? matches.reason : null;
  renderStatement();
  renderDeposits();
  renderDiscrepancies();
  renderAgeChart();
  if (chart || !state.chart) await loadChart(d);
}

// The last 30 business days (Monday to Friday; bank holidays are not known here) up to `end`.
function businessDays(end, n) {
  const [y, m, d] = end.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const out = [];
  while (out.length < n) {
    const wd = day.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() - 1);
  }
  return out.reverse();
}

// The deposit report of the 30 days in one request (from the first to `end`): every calendar
// day of the range comes back, each with its channels; the chart keeps the business days. A
// day the answer does not hold (the request failed) is drawn empty and counted as missing.
async function loadChart(end) {
  const days = businessDays(end, BUSINESS_DAYS);
  const byDay = new Map(days.map((d) => [d, null]));
  try {
    const range = await api.get(REPORTS + 'deposits' + qs({ from: days[0], to: end, format: 'json' }));
    for (const day of range.days || []) if (byDay.has(day.date)) byDay.set(day.date, day.channels || []);
  } catch {
    // Drawn empty with the missing-days note; the rest of the page stands.
  }
  state.chart = { days, byDay };
  renderDepositChart();
}

// ---------------------------------------------------------------- reports as tables

function cell(column, value, onMatch) {
  if (column === 'match' && value) {
    return h('button', { type: 'button', class: 'secondary', id: 'match-' + value, testid: 'match-open', i18n: 'finance.why', onclick: () => onMatch(value) });
  }
  if (MONEY_COLUMNS.has(column)) return h('span', { text: fmtMoney(value) });
  if (column === 'status') return h('span', { class: 'pill ' + value, text: tv('rstatus', value) });
  if (column === 'channel' || column === 'kind') return h('span', { text: tv(column, value) });
  return h('span', { text: value });
}

function reportBlock(report, kind, id) {
  const box = h('div');
  const summary = report.summary || {};
  box.append(h('dl', { class: 'facts', id: id + '-summary' },
    Object.entries(summary).flatMap(([k, v]) => [
      h('dt', { text: tv('sum', k) }),
      h('dd', { id: `${id}-${k}`, text: MONEY_SUMMARY.has(k) && decimalToCents(v) !== null ? fmtMoney(v) : tv('value', v) })])));
  (report.tables || []).forEach((tab, i) => {
    const titleKey = TABLE_TITLES[kind] && TABLE_TITLES[kind][i];
    box.append(h('h3', titleKey ? { i18n: titleKey } : { text: tab.title }));
    if (!tab.rows || tab.rows.length === 0) {
      box.append(h('p', { class: 'muted', i18n: 'common.none' }));
      return;
    }
    box.append(table(
      tab.columns.map((c) => ({ key: 'col.' + c, cls: MONEY_COLUMNS.has(c) ? 'num' : null })),
      tab.rows.map((row) => row.map((v, j) => cell(tab.columns[j], v, openMatch))),
      { id: `${id}-table-${i}` }));
  });
  return box;
}

function errorBlock(err) {
  return h('p', { class: 'error', text: err.message || String(err) });
}

function renderStatement() {
  const box = clear($('statement'));
  if (state.statementError) box.append(errorBlock(state.statementError));
  else if (state.statement) box.append(reportBlock(state.statement, 'statement', 'statement'));
}

function renderDeposits() {
  const box = clear($('deposits'));
  if (state.depositsError) box.append(errorBlock(state.depositsError));
  else if (state.deposits) box.append(reportBlock(state.deposits, 'deposits', 'deposits'));
  renderMatches();
  renderMatch();
}

// ---------------------------------------------------------------- matches

function matchTotal(m, key) {
  return m[key] !== undefined ? fmtMinor(m[key]) : '';
}

// The matches the date's runs made (GET /reconcile/matches?date=), each opened from the list.
function renderMatches() {
  const box = clear($('matches'));
  if (state.matchesError) {
    box.append(errorBlock(state.matchesError));
    return;
  }
  if (state.matches.length === 0) {
    box.append(h('p', { class: 'muted', id: 'matches-empty', i18n: 'finance.matches_empty' }));
    return;
  }
  box.append(table(
    [{ key: 'finance.match' }, { key: 'finance.rule' }, { key: 'col.status' }, { key: 'finance.expected_total', cls: 'num' },
      { key: 'finance.bank_total', cls: 'num' }, { key: 'finance.explanation' }],
    state.matches.map((m) => h('tr', { id: 'matches-row-' + m.id, testid: 'matches-row' },
      h('td', null, h('button', { type: 'button', class: 'secondary', id: 'matches-open-' + m.id, text: shortId(m.id), onclick: () => openMatch(m.id) })),
      h('td', { text: tv('rule', m.rule) }),
      h('td', null, h('span', { class: 'pill ' + m.status, text: tv('mstatus', m.status) })),
      h('td', { class: 'num', text: matchTotal(m, 'expected_minor') }),
      h('td', { class: 'num', text: matchTotal(m, 'bank_minor') }),
      h('td', { text: m.explanation || '' }))),
    { id: 'matches-table' }));
  if (state.matchesNext) {
    box.append(h('p', null, h('button', { type: 'button', class: 'secondary', id: 'matches-more', i18n: 'finance.matches_more', onclick: moreMatches })));
  }
}

async function moreMatches() {
  try {
    const page = await api.get(MATCHES + qs({ date: date(), limit: MATCH_PAGE, after: state.matchesNext }));
    state.matches = state.matches.concat(page.matches || []);
    state.matchesNext = page.next_after || null;
  } catch (err) {
    showError(err);
    return;
  }
  renderMatches();
}

// A match of the day's list is shown as listed; another (a deposit's match made on another
// day) is fetched.
async function openMatch(id) {
  const listed = state.matches.find((m) => m.id === id);
  try {
    state.match = listed || await api.get(MATCHES + '/' + enc(id));
  } catch (err) {
    showError(err);
    return;
  }
  renderMatch();
  const box = $('match-detail');
  box.scrollIntoView({ block: 'nearest' });
  box.focus();
}

function renderMatch() {
  const box = clear($('match-detail'));
  const m = state.match;
  if (!m) return;
  box.tabIndex = -1;
  box.append(h('h3', null, h('span', { i18n: 'finance.match' }), ' ', h('span', { class: 'mono', text: shortId(m.id) }), ' ',
    h('span', { class: 'pill ' + m.status, text: tv('mstatus', m.status) })));
  box.append(h('p', { id: 'match-explanation', testid: 'match-explanation', text: m.explanation }));
  box.append(h('dl', { class: 'facts' },
    h('dt', { i18n: 'finance.rule' }), h('dd', { text: tv('rule', m.rule) }),
    h('dt', { i18n: 'finance.expected_total' }), h('dd', { text: fmtMinor(m.expected_minor) }),
    h('dt', { i18n: 'finance.bank_total' }), h('dd', { text: fmtMinor(m.bank_minor) }),
    h('dt', { i18n: 'finance.difference' }), h('dd', { text: fmtMinor(m.amount_difference_minor) }),
    h('dt', { i18n: 'finance.day_lag' }), h('dd', { text: m.day_lag }),
    h('dt', { i18n: 'finance.decided_by' }), h('dd', { text: m.decided_by || '' })));
  if ((m.criteria || []).length > 0) {
    box.append(table([{ key: 'finance.criterion' }, { key: 'finance.expected_value' }, { key: 'finance.observed' }, { key: 'finance.met' }],
      m.criteria.map((c) => [c.name, String(c.expected), String(c.observed), h('span', { i18n: c.met ? 'common.yes' : 'common.no' })]),
      { id: 'match-criteria' }));
  }
  const items = [...(m.expected || []).map((x) => ['tally', x]), ...(m.bank_lines || []).map((x) => ['bank', x])];
  if (items.length > 0) {
    box.append(table([{ key: 'finance.side' }, { key: 'common.date' }, { key: 'col.kind' }, { key: 'col.channel' }, { key: 'col.reference' }, { key: 'col.amount', cls: 'num' }],
      items.map(([side, x]) => [tv('side', side), x.date || '', tv('kind', x.kind || ''), tv('channel', x.channel || ''),
        x.reference || x.key || x.customer_reference || '', x.amount_minor !== undefined ? fmtMinor(x.amount_minor) : '']),
      { id: 'match-items' }));
  }
  if (m.status === 'PROPOSED' && can('reconcile_decide')) {
    const confirmForm = h('form', { class: 'inline', novalidate: true },
      h('button', { type: 'submit', id: 'match-confirm-' + m.id, i18n: 'finance.confirm' }));
    confirmForm.addEventListener('submit', (e) => { e.preventDefault(); decide(confirmForm, m.id, 'confirm', {}); });
    const why = h('input', { id: 'match-reject-why-' + m.id, name: 'why', autocomplete: 'off', size: 24, placeholderKey: 'finance.why_reject', labelKey: 'finance.why_reject' });
    const rejectForm = h('form', { class: 'inline', novalidate: true }, why,
      h('button', { type: 'submit', class: 'secondary', id: 'match-reject-' + m.id, i18n: 'finance.reject' }));
    rejectForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!why.value.trim()) return showError(t('finance.why_needed')), why.focus();
      decide(rejectForm, m.id, 'reject', { why: why.value.trim() });
    });
    box.append(h('p', { class: 'row' }, confirmForm, rejectForm));
  }
}

async function decide(form, id, what, body) {
  const done = await run(form, () => api.post(`/api/v1/reconcile/matches/${enc(id)}/${what}`, body, { slot: 'decide-' + id }));
  if (!done) return;
  notify(what === 'confirm' ? 'finance.confirmed' : 'finance.rejected');
  state.match = null;
  await load();
  await openMatch(id);
}

async function runReconciler() {
  const form = $('fin-form');
  const report = await run(form, () => api.post('/api/v1/reconcile/run', { date: date() }, { slot: 'run' }));
  if (!report) return;
  state.runReport = report;
  renderRun();
  notify('finance.run_done');
  await load();
}

function renderRun() {
  const r = state.runReport;
  $('run-section').hidden = !r;
  if (!r) return;
  const box = clear($('run-result'));
  box.append(h('dl', { class: 'facts' },
    ['confirmed', 'proposed', 'open_expected', 'open_bank', 'books_entries'].flatMap((k) => [h('dt', { i18n: 'run.' + k }), h('dd', { text: r[k] ?? 0 })])));
  const raised = Object.entries(r.raised || {});
  if (raised.length > 0) box.append(h('p', null, h('span', { i18n: 'run.raised' }), ' ', raised.map(([k, n]) => `${tv('dkind', k)}: ${n}`).join(', ')));
  const matches = r.matches || [];
  if (matches.length > 0) {
    box.append(table([{ key: 'finance.match' }, { key: 'finance.rule' }, { key: 'col.status' }, { key: 'finance.explanation' }],
      matches.map((m) => [h('button', { type: 'button', class: 'secondary', text: shortId(m.id), onclick: () => openMatch(m.id) }),
        tv('rule', m.rule), h('span', { class: 'pill ' + m.status, text: tv('mstatus', m.status) }), m.explanation]),
      { id: 'run-matches' }));
  }
}

// ---------------------------------------------------------------- discrepancies

function discAction(d, what, fields) {
  const form = h('form', { class: 'inline', id: `disc-${what}-form-${d.id}`, novalidate: true }, ...fields.map((f) => f.el),
    h('button', { type: 'submit', id: `disc-${what}-${d.id}`, class: what === 'resolve' ? null : 'secondary', i18n: 'disc.' + what }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    for (const f of fields) {
      const v = f.el.value.trim();
      if (f.required && !v) {
        showError(t('disc.' + f.name + '_needed'));
        f.el.focus();
        return;
      }
      if (v) body[f.name] = v;
    }
    const path = `/api/v1/discrepancies/${enc(d.id)}/${what === 'ack' ? 'acknowledge' : what}`;
    const done = await run(form, () => api.post(path, body, { slot: `disc-${what}-${d.id}` }));
    if (done) {
      notify('disc.done.' + what, { id: d.id });
      await load({ chart: false });
    }
  });
  return form;
}

function discActions(d) {
  if (!can('discrepancy_work')) return '';
  const box = h('div', { class: 'row' });
  const text = (id, name, key, required) => ({
    name, required, el: h('input', { id, name, autocomplete: 'off', size: 16, placeholderKey: key, labelKey: key }),
  });
  if (d.status === 'open') box.append(discAction(d, 'ack', [text(`disc-note-${d.id}`, 'note', 'disc.note', false)]));
  if (d.status === 'open' || d.status === 'acknowledged') {
    const reason = h('select', { id: `disc-reason-${d.id}`, name: 'reason', labelKey: 'disc.reason' },
      REASONS.map((r) => h('option', { value: r, text: tv('reason', r) })));
    box.append(discAction(d, 'resolve', [{ name: 'reason', required: true, el: reason },
      text(`disc-resolve-note-${d.id}`, 'note', 'disc.note', false)]));
  }
  if (d.status === 'resolved') box.append(discAction(d, 'reopen', [text(`disc-why-${d.id}`, 'why', 'disc.why', true)]));
  return box;
}

function history(d) {
  const steps = d.steps || [];
  if (steps.length === 0) return h('span', { class: 'muted', i18n: 'disc.no_history' });
  return h('details', { id: `disc-history-${d.id}` },
    h('summary', { i18n: 'disc.history', args: { n: steps.length } }),
    h('ol', null, steps.map((s) => h('li', null,
      tv('step', s.state), ' · ', s.by, ' · ', fmtTime(s.recorded_at_us, true),
      s.reason_code ? ' · ' + tv('reason', s.reason_code) : '', s.note ? ' · ' + s.note : ''))));
}

function renderDiscrepancies() {
  const box = clear($('disc'));
  const filter = $('disc-status').value;
  const list = state.discrepancies.filter((d) =>
    filter === '' ? true : filter === 'unresolved' ? d.status !== 'resolved' : d.status === filter);
  if (list.length === 0) {
    box.append(h('p', { class: 'muted', id: 'disc-empty', i18n: 'disc.empty' }));
    return;
  }
  box.append(table(
    [{ key: 'disc.id' }, { key: 'col.kind' }, { key: 'disc.severity' }, { key: 'col.status' }, { key: 'disc.age', cls: 'num' },
      { key: 'col.amount', cls: 'num' }, { key: 'disc.description' }, { key: 'disc.history_col' }, { key: 'receipts.actions' }],
    list.map((d) => h('tr', { id: `disc-row-${d.id}`, testid: 'disc-row', 'data-status': d.status },
      h('td', { class: 'mono', title: d.id, text: shortId(d.id) }),
      h('td', { text: tv('dkind', d.kind) }),
      h('td', { text: tv('severity', d.severity) }),
      h('td', null, h('span', { class: 'pill ' + d.status, id: `disc-status-${d.id}`, text: tv('status', d.status) })),
      h('td', { class: 'num', text: d.age_days ?? '' }),
      h('td', { class: 'num', text: d.amount_minor !== undefined ? fmtMinor(d.amount_minor) : '' }),
      h('td', { text: [d.description, d.channel ? tv('channel', d.channel) : '', d.bank_account || ''].filter(Boolean).join(' · ') }),
      h('td', null, history(d)),
      h('td', null, discActions(d)))),
    { id: 'disc-table' }));
}

// ---------------------------------------------------------------- report links

function renderReportLinks() {
  const d = date();
  const account = $('fin-account').value.trim();
  const list = clear($('reports'));
  const links = [
    ['statement', REPORTS + 'statement', { date: d, account }],
    ['deposits', REPORTS + 'deposits', { date: d }],
    ['outstanding', REPORTS + 'outstanding', { date: d }],
    ['cash', '/api/v1/counter/report', { from: d }],
  ];
  for (const [kind, path, params] of links) {
    list.append(h('li', null, h('span', { i18n: 'report.' + kind }), ': ',
      h('a', { id: `report-${kind}-csv`, href: path + qs(Object.assign({}, params, { format: 'csv' })), download: `${kind}-${d}.csv`, i18n: 'report.csv' }), ' · ',
      h('a', { id: `report-${kind}-html`, href: path + qs(Object.assign({}, params, { format: 'html' })), target: '_blank', rel: 'noopener', i18n: 'report.html' })));
  }
}

// ---------------------------------------------------------------- charts (inline SVG)

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const kid of kids) if (kid !== null && kid !== undefined) el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return el;
}

// Per channel and day: what was declared (expected) and what the bank has shown (matched),
// the daily deposit report's "By channel" figures as the range report gives them; in cents
// (read from the decimal text, exact in BigInt).
function channelSeries() {
  const { days, byDay } = state.chart;
  const series = new Map();  // channel -> [{expected, bank}] per day
  days.forEach((d, i) => {
    for (const ch of byDay.get(d) || []) {
      if (!ch.channel) continue;
      if (!series.has(ch.channel)) series.set(ch.channel, days.map(() => ({ expected: 0n, bank: 0n })));
      series.get(ch.channel)[i] = {
        expected: decimalToCents(ch.declared) ?? 0n,
        bank: decimalToCents(ch.matched) ?? 0n,
      };
    }
  });
  return series;
}

function renderDepositChart() {
  const box = clear($('chart-deposits'));
  if (!state.chart) return;
  const { days, byDay } = state.chart;
  const series = channelSeries();
  const missing = days.filter((d) => byDay.get(d) === null).length;
  box.append(h('p', { class: 'muted', i18n: 'finance.chart_note', args: { n: days.length, first: days[0], last: days[days.length - 1] } }));
  if (missing > 0) box.append(h('p', { class: 'muted', i18n: 'finance.chart_missing', args: { n: missing } }));
  if (series.size === 0) {
    box.append(h('p', { class: 'muted', i18n: 'finance.chart_empty' }));
    return;
  }
  const W = 900, left = 80, right = 10, panel = 110, barArea = 70, top = 22, bottom = 24;
  const H = series.size * panel + bottom;
  const slot = (W - left - right) / days.length;
  const barW = Math.max(2, slot * 0.38);
  const svg = s('svg', { class: 'chart', id: 'chart-deposits-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-deposits-title' },
    s('title', { id: 'chart-deposits-title' }, t('finance.chart_deposits')));
  let p = 0;
  for (const [channel, points] of series) {
    const y0 = p * panel + top + barArea;  // the baseline of this channel's panel
    // Bar heights are pixels: cents turned into Numbers only to scale the drawing.
    let max = 0;
    for (const pt of points) max = Math.max(max, Number(pt.expected), Number(pt.bank));
    svg.append(s('text', { x: 0, y: p * panel + 14, class: 'title' }, tv('channel', channel)));
    svg.append(s('text', { x: left - 6, y: y0 - barArea + 10, 'text-anchor': 'end' }, fmtMoney(BigInt(max))));
    svg.append(s('line', { x1: left, y1: y0, x2: W - right, y2: y0, class: 'axis' }));
    points.forEach((pt, i) => {
      const x = left + i * slot + slot * 0.1;
      const he = max > 0 ? (Number(pt.expected) / max) * barArea : 0;
      const hb = max > 0 ? (Number(pt.bank) / max) * barArea : 0;
      const label = `${days[i]} · ${tv('channel', channel)} · ${t('finance.expected')} ${fmtMoney(pt.expected)} · ${t('finance.credited')} ${fmtMoney(pt.bank)}`;
      svg.append(s('rect', { x: x.toFixed(1), y: (y0 - he).toFixed(1), width: barW.toFixed(1), height: he.toFixed(1), class: 'bar-exp' }, s('title', null, label)));
      svg.append(s('rect', { x: (x + barW).toFixed(1), y: (y0 - hb).toFixed(1), width: barW.toFixed(1), height: hb.toFixed(1), class: 'bar-bank' }, s('title', null, label)));
    });
    p += 1;
  }
  days.forEach((d, i) => {
    if (i % 5 !== 0 && i !== days.length - 1) return;
    svg.append(s('text', { x: (left + i * slot).toFixed(1), y: H - 6 }, d.slice(5)));
  });
  box.append(svg);
  // The same figures as a table, for screen readers and print.
  const rows = [];
  for (const [channel, points] of series) {
    points.forEach((pt, i) => {
      if (pt.expected !== 0n || pt.bank !== 0n) rows.push([days[i], tv('channel', channel), fmtMoney(pt.expected), fmtMoney(pt.bank)]);
    });
  }
  box.append(h('details', null, h('summary', { i18n: 'finance.chart_table' }),
    table([{ key: 'common.date' }, { key: 'col.channel' }, { key: 'finance.expected', cls: 'num' }, { key: 'finance.credited', cls: 'num' }], rows, { id: 'chart-deposits-table' })));
}

function renderAgeChart() {
  const box = clear($('chart-age'));
  const open = state.discrepancies.filter((d) => d.status !== 'resolved');
  const counts = AGE_BUCKETS.map(() => 0);
  for (const d of open) {
    const age = Number(d.age_days ?? 0);
    counts[AGE_BUCKETS.findIndex(([, upTo]) => age <= upTo)] += 1;
  }
  const W = 600, left = 90, rowH = 26, H = AGE_BUCKETS.length * rowH + 10;
  const max = Math.max(1, ...counts);
  const svg = s('svg', { class: 'chart', id: 'chart-age-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-age-title' },
    s('title', { id: 'chart-age-title' }, t('finance.chart_age')));
  AGE_BUCKETS.forEach(([name], i) => {
    const y = 5 + i * rowH;
    const w = (counts[i] / max) * (W - left - 50);
    svg.append(s('text', { x: left - 8, y: y + 16, 'text-anchor': 'end' }, t('finance.age_days', { range: name })));
    svg.append(s('rect', { x: left, y: y + 3, width: w.toFixed(1), height: rowH - 8, class: 'bar-age' }, s('title', null, `${name}: ${counts[i]}`)));
    svg.append(s('text', { x: (left + w + 6).toFixed(1), y: y + 16, 'data-testid': 'age-count-' + name }, counts[i]));
  });
  box.append(svg, h('p', { class: 'muted', i18n: 'finance.age_total', args: { n: open.length } }));
}

// ---------------------------------------------------------------- start

function rerender() {
  renderStatement();
  renderDeposits();  // and the day's matches
  renderRun();
  renderDiscrepancies();
  renderReportLinks();
  renderDepositChart();
  renderAgeChart();
}

$('fin-form').addEventListener('submit', (e) => { e.preventDefault(); load(); });
$('fin-run').addEventListener('click', runReconciler);
$('disc-status').addEventListener('change', renderDiscrepancies);
$('fin-date').value = new URLSearchParams(location.search).get('date') || todayIso();
const me = await initPage({ page: 'finance', need: ['reconcile_decide', 'discrepancy_work'], onLang: rerender });
if (me) {
  $('fin-run').hidden = !can('reconcile_decide');
  await load();
}
