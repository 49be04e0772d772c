// Files: what was received, ingested or quarantined, with the error report of a refused file
// located to line, record and field, or the ledger's verdicts on an ingested one; and an
// upload (the file's bytes as the body of POST /api/v1/files?name=...).
//
// API: GET /api/v1/files?limit=, GET /api/v1/files/{sha256},
// POST /api/v1/files?name=&format=&override_layout=&override_conflicts= (200 accepted or
// duplicate, 422 refused with the same outcome body, 202 still running).
// /web/files#<sha256> opens that file's report.
import { initPage, api, h, clear, $, t, tv, enc, qs, run, notify, showError, clearError, can, fmtTime, shortId, table, ApiError } from './common.js';
import './i18n-billing.js';

let files = [];
let detail = null;
let lastUpload = null;

async function load() {
  try {
    files = (await api.get('/api/v1/files?limit=1000')).files || [];
  } catch (err) {
    showError(err);
    return;
  }
  renderLists();
}

function fileTable(list, id) {
  if (list.length === 0) return h('p', { class: 'muted', i18n: 'files.none' });
  return table(
    [{ key: 'files.name' }, { key: 'files.format' }, { key: 'files.outcome' }, { key: 'files.received' }, { key: 'files.events', cls: 'num' },
      { key: 'files.by' }, { key: 'files.sha' }, { key: 'receipts.actions' }],
    list.map((f) => h('tr', { id: `file-row-${f.sha256}`, testid: 'file-row' },
      h('td', { text: f.name }),
      h('td', { text: f.format || '' }),
      h('td', null, h('span', { class: 'pill ' + f.outcome, text: tv('outcome', f.outcome) }), f.override_used ? ' ' + t('files.override_used') : ''),
      h('td', { text: fmtTime(f.first_at_us, true) }),
      h('td', { class: 'num', text: f.events }),
      h('td', { text: f.by || '' }),
      h('td', { class: 'mono', title: f.sha256, text: shortId(f.sha256) }),
      h('td', null, h('button', { type: 'button', class: 'secondary', id: `file-open-${f.sha256}`, i18n: 'files.show', onclick: () => openFile(f.sha256) })))),
    { id });
}

function renderLists() {
  clear($('files-refused')).append(fileTable(files.filter((f) => f.outcome === 'refused'), 'files-refused-table'));
  clear($('files-accepted')).append(fileTable(files.filter((f) => f.outcome !== 'refused'), 'files-accepted-table'));
}

async function openFile(sha) {
  clearError();
  try {
    detail = await api.get('/api/v1/files/' + enc(sha));
  } catch (err) {
    showError(err);
    return;
  }
  renderDetail();
  $('file-detail').hidden = false;
  $('file-detail').scrollIntoView();
}

// Errors and warnings of a report: [{line, record, field, code, message}].
function issuesTable(issues, id) {
  return table(
    [{ key: 'files.line', cls: 'num' }, { key: 'files.record', cls: 'num' }, { key: 'files.field' }, { key: 'files.code' }, { key: 'files.message' }],
    issues.map((i) => h('tr', { testid: 'file-issue' },
      h('td', { class: 'num', text: i.line ?? '' }),
      h('td', { class: 'num', text: i.record ?? '' }),
      h('td', { text: i.field || '' }),
      h('td', { class: 'mono', text: i.code || '' }),
      h('td', { text: i.message || '' }))),
    { id });
}

function verdictsBlock(v) {
  const out = h('div');
  out.append(h('dl', { class: 'facts' },
    ['posted', 'parked', 'refused', 'conflicting', 'missing'].flatMap((k) => [h('dt', { i18n: 'verdict.' + k }), h('dd', { text: v[k] ?? 0 })])));
  const notPosted = v.not_posted || [];
  if (notPosted.length > 0) {
    out.append(h('h3', { i18n: 'files.not_posted' }), table(
      [{ key: 'files.record', cls: 'num' }, { key: 'account.type' }, { key: 'files.verdict' }, { key: 'files.message' }, { key: 'account.event' }],
      notPosted.map((n) => [String(n.record ?? ''), tv('event', n.type), tv('verdict', n.verdict), n.reason || '', shortId(n.event_id)]),
      { id: 'file-not-posted' }));
  }
  return out;
}

// What one file came to: the report's errors (refused) or the ledger's verdicts.
function outcomeBlock(o) {
  const box = h('div');
  box.append(h('p', null, h('span', { class: 'pill ' + o.outcome, text: tv('outcome', o.outcome) }), ' ',
    o.format ? o.format + ' · ' : '', o.events !== undefined ? t('files.n_events', { n: o.events }) : ''));
  const report = o.report && typeof o.report === 'object' ? o.report : o;
  const errors = report.errors || [];
  const warnings = report.warnings || [];
  if (errors.length > 0) box.append(h('h3', { i18n: 'files.errors' }), issuesTable(errors, 'file-errors'));
  if (warnings.length > 0) box.append(h('h3', { i18n: 'files.warnings' }), issuesTable(warnings, 'file-warnings'));
  if (o.verdicts && typeof o.verdicts === 'object') box.append(h('h3', { i18n: 'files.verdicts' }), verdictsBlock(o.verdicts));
  if (o.outcome === 'refused' && errors.length === 0 && !o.report) box.append(h('p', { class: 'muted', i18n: 'files.no_report' }));
  return box;
}

function renderDetail() {
  if (!detail) return;
  $('file-detail-name').textContent = detail.name || '';
  const body = clear($('file-detail-body'));
  body.append(h('dl', { class: 'facts' },
    h('dt', { i18n: 'files.sha' }), h('dd', { class: 'mono', text: detail.sha256 }),
    h('dt', { i18n: 'files.received' }), h('dd', { text: fmtTime(detail.first_at_us, true) }),
    h('dt', { i18n: 'files.by' }), h('dd', { text: detail.by || '' })));
  body.append(outcomeBlock(detail));
}

// A name the server takes: A-Z a-z 0-9 . _ -, not starting with '.'.
function safeName(name) {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 200);
  return s || 'upload';
}

async function upload(form) {
  const file = $('files-input').files[0];
  if (!file) {
    showError(t('files.choose'));
    $('files-input').focus();
    return;
  }
  const params = { name: safeName(file.name), format: $('files-format').value };
  if ($('files-override-layout').checked) params.override_layout = 'true';
  if ($('files-override-conflicts').checked) params.override_conflicts = 'true';
  const path = '/api/v1/files' + qs(params);
  const answer = await run(form, async () => {
    const bytes = await file.arrayBuffer();
    try {
      // One action per file chosen: a retry after a network error sends the same key.
      return await api.post(path, null, {
        raw: bytes, contentType: 'application/octet-stream', slot: 'upload',
        sig: `${path}\n${file.name}\n${file.size}\n${file.lastModified}`,
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.data && err.data.outcome) return err.data;
      throw err;
    }
  });
  if (!answer) return;
  lastUpload = answer;
  renderUpload();
  if (answer.outcome === 'refused') showError(t('files.refused_msg'));
  else notify(answer.outcome === 'pending' ? 'files.pending' : 'files.done', { name: file.name });
  form.reset();
  await load();
}

function renderUpload() {
  const box = clear($('files-result'));
  if (!lastUpload) return;
  box.append(h('h3', { text: lastUpload.file || '' }), outcomeBlock(lastUpload));
}

$('upload-form').addEventListener('submit', (e) => { e.preventDefault(); upload(e.target); });
const me = await initPage({ page: 'files', need: ['read'], onLang: () => { renderLists(); renderDetail(); renderUpload(); } });
if (me) {
  $('upload-section').hidden = !can('ingest_files');
  await load();
  const sha = decodeURIComponent(location.hash.slice(1));
  if (/^[0-9a-f]{64}$/.test(sha)) await openFile(sha);
}
