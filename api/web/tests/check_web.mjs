// Static checks of the web pages, no browser needed:  node api/web/tests/check_web.mjs
//   - every JS file parses (node --check, as a module)
//   - every label the pages use is in static/i18n.js in English and Spanish, with the same {args}
//   - the pages hold no inline script, style or event handler (CSP: script-src/style-src 'self'),
//     each page but sign-in has lang="{{lang}}" and the csrf-token meta, and loads files that exist
//   - no innerHTML, eval or the like in the JS
//   - each page with its CSS and JS weighs under the budget (150 KB; aim 30 KB)
//   - money parsing and formatting: cents typed without a point, dollars with one
// Exit status 1 when a check fails.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = join(web, 'pages');
const staticDir = join(web, 'static');
const BUDGET = 150 * 1024;
let failures = 0;
const fail = (msg) => { failures += 1; console.log('FAIL ' + msg); };
const read = (p) => readFileSync(p, 'utf8');

const jsFiles = readdirSync(staticDir).filter((f) => f.endsWith('.js'));
const pages = readdirSync(pagesDir).filter((f) => f.endsWith('.html'));

// 1. syntax, as modules
const tmp = mkdtempSync(join(tmpdir(), 'tally-web-'));
for (const f of jsFiles) {
  const copy = join(tmp, f.replace(/\.js$/, '.mjs'));
  writeFileSync(copy, read(join(staticDir, f)).replace(/from '\.\/([\w-]+)\.js'/g, "from './$1.mjs'"));
  try {
    execFileSync(process.execPath, ['--check', copy], { stdio: 'pipe' });
  } catch (e) {
    fail(`${f} does not parse: ${e.stderr}`);
  }
}

// 2. the labels: i18n.js (shared) and each group's i18n-*.js
globalThis.document = { documentElement: { lang: 'en' } };
const dictFiles = jsFiles.filter((f) => f.startsWith('i18n'));
for (const f of dictFiles) {
  const seen = new Map();
  for (const m of read(join(staticDir, f)).matchAll(/^\s*'([^']+)':/gm)) seen.set(m[1], (seen.get(m[1]) || 0) + 1);
  for (const [k, n] of seen) if (n > 1) fail(`${f}: key ${k} is defined ${n} times`);
}
const { DICT: SHARED } = await import(pathToFileURL(join(tmp, 'i18n.mjs')));
const sharedCopy = Object.assign({}, SHARED);  // before the groups add theirs to it
const groups = {};
for (const f of dictFiles.filter((f) => f !== 'i18n.js')) {
  groups[f] = (await import(pathToFileURL(join(tmp, f.replace(/\.js$/, '.mjs'))))).LABELS;
  for (const k of Object.keys(groups[f])) if (k in sharedCopy) fail(`${f}: ${k} is in i18n.js too`);
}
const args = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
for (const [k, v] of Object.entries(SHARED)) {
  if (!Array.isArray(v) || v.length !== 2 || !v[0] || !v[1]) fail(`label ${k} needs English and Spanish`);
  else if (args(v[0]) !== args(v[1])) fail(`label ${k}: the {args} differ between English and Spanish`);
}
function keysOfJs(src, add) {
  for (const m of src.matchAll(/\b(?:i18n|placeholderKey|labelKey|key): '([^']+)'/g)) add(m[1]);
  for (const m of src.matchAll(/\b(?:t|notify)\('([^']+)'/g)) add(m[1]);
  for (const m of src.matchAll(/\? '([a-z_]+\.[a-z_.]+)' : '([a-z_]+\.[a-z_.]+)'/g)) { add(m[1]); add(m[2]); }
  for (const m of src.matchAll(/digitsOnly\([^)]*, '([^']+)'\)/g)) add(m[1]);
}
// Keys made from a prefix and a value, by the module that makes them.
const dynamic = {
  'common.js': {},
  'home.js': { 'home.about': ['counter', 'supervisor', 'accounts', 'suspense', 'files', 'adjustments', 'finance'] },
  'counter.js': { 'close.status': ['closed', 'needs_sign_off'], 'void': ['voided', 'requested'], 'tender_type': ['cash', 'check', 'money_order', 'card'] },
  'supervisor.js': { 'status': ['open', 'closed'] },
  'account.js': { 'autopay': ['enrolled', 'removed', 'none'], 'event': ['PAYMENT_RECEIVED', 'PAYMENT_RETURNED', 'BILL_ISSUED'] },
  'suspense.js': { 'channel': ['lockbox', 'ach', 'card', 'counter'] },
  'files.js': { 'verdict': ['posted', 'parked', 'refused', 'conflicting', 'missing'], 'outcome': ['accepted', 'duplicate', 'refused', 'pending'] },
  'adjustments.js': {},
  'finance.js': {
    'report': ['statement', 'deposits', 'outstanding', 'cash'],
    'run': ['confirmed', 'proposed', 'open_expected', 'open_bank', 'books_entries'],
    'disc': ['ack', 'resolve', 'reopen', 'why_needed'],
    'disc.done': ['ack', 'resolve', 'reopen'],
    'reason': ['matched', 'written_off', 'bank_fee', 'bank_error', 'timing', 'duplicate', 'other'],
    'status': ['open', 'acknowledged', 'resolved', 'matched', 'proposed'],
    'mstatus': ['CONFIRMED', 'PROPOSED', 'REJECTED'],
    'rstatus': ['open', 'proposed', 'matched'],
    'col': ['date', 'kind', 'bank_reference', 'customer_reference', 'description', 'amount', 'status', 'channel', 'reference',
      'deposits', 'declared', 'matched', 'proposed', 'open', 'match', 'age', 'items', 'expected_by_tally', 'shown_by_bank_only', 'age_days', 'side'],
  },
  'signin.js': {},
};
const commonKeys = new Set();
keysOfJs(read(join(staticDir, 'common.js')), (k) => { if (k.includes('.') && !k.endsWith('.')) commonKeys.add(k); });
for (const f of pages) {
  const html = read(join(pagesDir, f));
  const mod = (/<script type="module" src="\/web\/static\/([^"]+)"/.exec(html) || [])[1];
  if (!mod) { fail(`${f}: no page module`); continue; }
  const src = read(join(staticDir, mod));
  const group = (/import '\.\/(i18n-[a-z]+\.js)';/.exec(src) || [])[1];
  const have = Object.assign({}, sharedCopy, group ? groups[group] : {});
  const used = new Set(commonKeys);
  for (const m of html.matchAll(/data-i18n(?:-placeholder|-label|-title)?="([^"]+)"/g)) used.add(m[1]);
  keysOfJs(src, (k) => { if (k.includes('.') && !k.endsWith('.')) used.add(k); });
  for (const [prefix, values] of Object.entries(dynamic[mod] || {})) for (const v of values) used.add(prefix + '.' + v);
  if (!(mod in dynamic)) fail(`${mod}: list its dynamic keys in check_web.mjs`);
  for (const k of used) if (!(k in have)) fail(`${f}: label ${k} is not in i18n.js${group ? ' or ' + group : ''}`);
}
const navKeys = [...read(join(staticDir, 'common.js')).matchAll(/key: '(nav\.[a-z]+)'/g)].map((m) => m[1]);
if (navKeys.length < 8) fail('the navigation lists fewer pages than expected');

// 3. pages: CSP and placeholders
for (const f of pages) {
  const html = read(join(pagesDir, f));
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) fail(`${f}: inline script`);
  if (/<style/i.test(html) || /\sstyle=/i.test(html)) fail(`${f}: inline style`);
  if (/\son[a-z]+=/i.test(html)) fail(`${f}: inline event handler`);
  if (/https?:\/\//i.test(html)) fail(`${f}: external resource`);
  if (f !== 'signin.html') {
    if (!html.includes('<html lang="{{lang}}">')) fail(`${f}: no <html lang="{{lang}}">`);
    if (!html.includes('<meta name="csrf-token" content="{{csrf}}">')) fail(`${f}: no csrf-token meta`);
  } else if (html.includes('{{csrf}}')) fail('signin.html must not carry the CSRF placeholder');
  for (const m of html.matchAll(/(?:src|href)="\/web\/static\/([^"]+)"/g))
    try { statSync(join(staticDir, m[1])); } catch { fail(`${f}: ${m[1]} does not exist`); }
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) fail(`${f}: duplicate ids ${dup.join(', ')}`);
}

// 4. JS: data only as text
for (const f of jsFiles) {
  const src = read(join(staticDir, f));
  for (const bad of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'setTimeout(\'', 'parseFloat'])
    if (src.includes(bad)) fail(`${f}: uses ${bad}`);
}

// 5. weights: the page, its module and label group, and the shared CSS and JS
const size = (p) => statSync(p).size;
const shared = size(join(staticDir, 'app.css')) + size(join(staticDir, 'common.js')) + size(join(staticDir, 'i18n.js'));
for (const f of pages) {
  const html = read(join(pagesDir, f));
  const mod = (/<script type="module" src="\/web\/static\/([^"]+)"/.exec(html) || [])[1];
  const group = mod ? (/import '\.\/(i18n-[a-z]+\.js)';/.exec(read(join(staticDir, mod))) || [])[1] : undefined;
  const own = (mod ? size(join(staticDir, mod)) : 0) + (group ? size(join(staticDir, group)) : 0);
  const total = size(join(pagesDir, f)) + own + shared;
  console.log(`weight ${f} ${(total / 1024).toFixed(1)} KB (page ${size(join(pagesDir, f))} B, its JS and labels ${own} B, shared CSS+JS ${shared} B)`);
  if (total > BUDGET) fail(`${f} weighs ${total} bytes, over ${BUDGET}`);
}
for (const f of jsFiles.concat(['app.css'])) if (size(join(staticDir, f)) > 30 * 1024) console.log(`note: ${f} is over 30 KB`);

// 6. money
const c = await import(pathToFileURL(join(tmp, 'common.mjs')));
const eq = (got, want, what) => { if (got !== want) fail(`${what}: got ${String(got)}, want ${String(want)}`); };
eq(c.parseAmount('5000'), 5000n, 'parseAmount 5000 (cents)');
eq(c.parseAmount('50.00'), 5000n, 'parseAmount 50.00');
eq(c.parseAmount('50.'), 5000n, 'parseAmount 50.');
eq(c.parseAmount('50.5'), 5050n, 'parseAmount 50.5');
eq(c.parseAmount('.05'), 5n, 'parseAmount .05');
eq(c.parseAmount('$1,234.56'), 123456n, 'parseAmount $1,234.56');
eq(c.parseAmount('7'), 7n, 'parseAmount 7 (cents)');
eq(c.parseAmount('1.234'), null, 'parseAmount 1.234');
eq(c.parseAmount('abc'), null, 'parseAmount abc');
eq(c.parseAmount('.'), null, 'parseAmount .');
eq(c.parseAmount(''), null, 'parseAmount empty');
eq(c.parseAmount('-500'), null, 'parseAmount -500 without sign allowed');
eq(c.parseAmount('-500', { allowNegative: true }), -500n, 'parseAmount -500');
eq(c.parseAmount('-12.34', { allowNegative: true }), -1234n, 'parseAmount -12.34');
eq(c.parseAmount('9007199254740993'), null, 'parseAmount: 16 digits refused');
eq(c.parseAmount('1234567890123.45'), 123456789012345n, 'parseAmount: 13 digits of dollars');
eq(c.decimalToCents('1234.5'), 123450n, 'decimalToCents 1234.5');
eq(c.decimalToCents('-0.07'), -7n, 'decimalToCents -0.07');
eq(c.centsToDecimal(5n), '0.05', 'centsToDecimal 5');
eq(c.centsToDecimal(-123456n), '-1234.56', 'centsToDecimal -123456');
eq(c.centsToDecimal(5000), '50.00', 'centsToDecimal Number');
eq(c.fmtMoney('1234567.8'), '$1,234,567.80', 'fmtMoney');
eq(c.fmtMoney('-12.34'), '-$12.34', 'fmtMoney negative');
eq(c.fmtMoney(0n), '$0.00', 'fmtMoney 0');
eq(c.fmtMinor(250), '$2.50', 'fmtMinor');
eq(c.t('files.n_events', { n: 3 }), '3 event(s)', 't with args');

console.log(failures === 0 ? 'web checks: all passed' : `web checks: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
