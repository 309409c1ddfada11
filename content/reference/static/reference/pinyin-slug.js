/* The slug field shows the pinyin address while a Chinese title is typed (issue 13, point 3).
 * Wagtail's w-sync/w-slug controllers copy the title into the slug keeping Chinese characters;
 * while the slug still follows the title (Wagtail syncs it: a page never published), this asks
 * the site's own endpoint for the pinyin and puts it in the slug field. A slug typed by hand
 * (ASCII, not the one set here) is left alone. The server does the same on save (slugs.py). */
(() => {
  const url = document.currentScript && document.currentScript.dataset.url;
  const nonAscii = /[^\x00-\x7F]/;

  const start = () => {
    const title = document.getElementById('id_title');
    const slug = document.getElementById('id_slug');
    if (!url || !title || !slug || !(title.dataset.action || '').includes('w-sync#apply')) return;
    let lastSet = null;
    let timer = null;
    let asked = 0;
    const followsTitle = () => !slug.value || slug.value === lastSet || nonAscii.test(slug.value);

    const update = () => {
      const text = title.value.trim();
      if (!nonAscii.test(text) || !followsTitle()) return; // Latin titles: Wagtail's own slug
      const mine = ++asked;
      fetch(`${url}?title=${encodeURIComponent(text)}`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => {
          if (!data || !data.slug || mine !== asked || !followsTitle()) return;
          slug.value = data.slug;
          lastSet = data.slug;
        })
        .catch(() => {});
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    };
    ['input', 'keyup', 'change', 'blur'].forEach((name) => title.addEventListener(name, later));
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
