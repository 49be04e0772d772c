// Home: the pages this person may use, with what each is for. The header carries the language
// switch and sign-out.
import { initPage, allowedPages, h, clear, $, user } from './common.js';

function render() {
  const list = clear($('home-links'));
  const pages = allowedPages().filter((p) => p.id !== 'home');
  for (const p of pages) {
    list.append(h('li', null,
      h('a', { id: 'home-link-' + p.id, href: p.href },
        h('span', { i18n: p.key }),
        h('br'),
        h('small', { class: 'muted', i18n: 'home.about.' + p.id }))));
  }
  $('home-none').hidden = pages.length > 0;
  const hello = clear($('home-hello'));
  hello.append(h('span', { i18n: 'home.hello' }), ' ', h('strong', { text: user() }));
}

const me = await initPage({ page: 'home' });
if (me) render();
