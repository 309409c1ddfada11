/* Suggestions under search boxes (progressive enhancement; the form works without it).
 * A form with data-suggest-url gets, for its input[name=q], an ARIA 1.2 combobox with a
 * listbox of GET {url}?q=…: ↑/↓ move, Enter opens the chosen suggestion, Esc closes.
 * Texts come from the form's data attributes (translated in the template). */
(function () {
  "use strict";
  var counter = 0;

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var url = form.getAttribute("data-suggest-url");
    if (!input || !url || !window.fetch) return;
    var id = "suggest-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.getAttribute("data-suggest-label") || "");
    list.hidden = true;
    var row = input.parentNode;
    row.parentNode.insertBefore(list, row.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");
    var items = [], active = -1, timer = null, seq = 0;

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function select(index) {
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function option(text, note, href, n) {
      var li = document.createElement("li");
      li.id = id + "-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "suggest-list__item";
      li.setAttribute("data-href", href);
      li.appendChild(document.createTextNode(text));
      if (note) {
        var small = document.createElement("span");
        small.className = "suggest-list__kind";
        small.textContent = note;
        li.appendChild(small);
      }
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = href;
      });
      return li;
    }

    function show(data) {
      close();
      var n = 0;
      if (data.crisis && data.hotlines && data.hotlines.length) {
        var line = data.hotlines[0];
        var li = option((form.getAttribute("data-suggest-crisis") || "") + " " + line.number, line.name,
                        line.href || "tel:" + line.tel, n++);
        li.className += " suggest-list__crisis";
        list.appendChild(li);
        items.push(li);
      }
      (data.suggestions || []).forEach(function (s) {
        var li = option(s.text, s.kind_label, s.url, n++);
        list.appendChild(li);
        items.push(li);
      });
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++seq;
      fetch(url + "?" + new URLSearchParams({q: q}).toString(), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === seq) show(data); })
        .catch(function () { /* the form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); select((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].getAttribute("data-href");
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("form[data-suggest-url]").forEach(enhance);
})();
