// Sign-in: two plain forms POSTing to /web/signin (form-encoded), `name` and `password` or
// `token`; the server answers with the session cookie and sends the person on, or back here
// with ?error=1 (the same for a wrong name, password or token: it never says which). ?expired=1: the
// session ended (signed out elsewhere, idle timeout). The language is the browser's until the
// person is known; the choice here is kept in this browser only.
import { setLang, t, $ } from './common.js';

const stored = localStorage.getItem('tally.lang');
const browser = (navigator.language || 'en').toLowerCase().startsWith('es') ? 'es' : 'en';
setLang(stored || browser);

const params = new URLSearchParams(location.search);
const box = $('error');
if (params.has('error')) {
  box.dataset.i18n = 'signin.failed';
  box.textContent = t('signin.failed');
  box.hidden = false;
} else if (params.has('expired')) {
  box.dataset.i18n = 'signin.expired';
  box.textContent = t('signin.expired');
  box.hidden = false;
}

$('lang-select').addEventListener('change', (e) => {
  localStorage.setItem('tally.lang', e.target.value);
  setLang(e.target.value);
});

function refuse(e, key, input) {
  e.preventDefault();
  box.dataset.i18n = key;
  box.textContent = t(key);
  box.hidden = false;
  input.focus();
}

$('signin-password-form').addEventListener('submit', (e) => {
  if (!$('signin-name').value.trim()) refuse(e, 'signin.empty_name', $('signin-name'));
  else if (!$('signin-password').value) refuse(e, 'signin.empty_password', $('signin-password'));
});

$('signin-form').addEventListener('submit', (e) => {
  if (!$('signin-token').value) refuse(e, 'signin.empty', $('signin-token'));
});
