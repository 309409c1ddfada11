// Self-check questionnaires: progressive enhancement only. The form works without
// this file. Nothing here stores, sends or logs answers: no storage APIs, no requests.
// Its words come translated from the template (data-text-* attributes).
(function () {
  "use strict";

  // "Use my location": fills the hidden lat/lng fields that go with the POST.
  function setUpLocate(box) {
    if (!navigator.geolocation) return;
    var button = box.querySelector("[data-selfcheck-locate-button]");
    var status = box.querySelector("[data-selfcheck-locate-status]");
    var lat = box.querySelector("[data-selfcheck-lat]");
    var lng = box.querySelector("[data-selfcheck-lng]");
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = box.dataset.textBusy;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(5);
          lng.value = position.coords.longitude.toFixed(5);
          status.textContent = box.dataset.textDone;
        },
        function () {
          status.textContent = box.dataset.textFailed;
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  // One question per screen on narrow screens.
  function setUpSteps(form) {
    if (!window.matchMedia || !window.matchMedia("(max-width: 40em)").matches) return;
    var questions = Array.prototype.slice.call(form.querySelectorAll("[data-selfcheck-question]"));
    if (questions.length < 2) return;
    var finalPart = Array.prototype.slice.call(form.querySelectorAll(".selfcheck-where, .selfcheck-submit"));
    var total = questions.length;
    var text = {
      next: form.dataset.textNext, back: form.dataset.textBack, progress: form.dataset.textProgress,
      done: form.dataset.textDone, choose: form.dataset.textChoose
    };
    var current = 0;
    var firstError = form.querySelector(".selfcheck-question--error");
    if (firstError) current = questions.indexOf(firstError);

    var nav = document.createElement("div");
    nav.className = "selfcheck-steps";
    var progress = document.createElement("p");
    progress.className = "selfcheck-steps__progress";
    progress.setAttribute("aria-live", "polite");
    var back = document.createElement("button");
    back.type = "button";
    back.className = "button button--secondary";
    back.textContent = text.back;
    var next = document.createElement("button");
    next.type = "button";
    next.className = "button";
    next.textContent = text.next;
    var hint = document.createElement("p");
    hint.className = "selfcheck-steps__hint";
    hint.setAttribute("role", "alert");
    nav.appendChild(progress);
    nav.appendChild(hint);
    nav.appendChild(back);
    nav.appendChild(next);
    questions[total - 1].parentNode.parentNode.insertBefore(nav, questions[total - 1].parentNode.nextSibling);
    form.classList.add("selfcheck-form--steps");

    function answered(index) {
      return !!questions[index].querySelector("input[type=radio]:checked");
    }

    function show(index, moveFocus) {
      current = index;
      var onFinal = index >= total;
      questions.forEach(function (q, i) { q.hidden = i !== index; });
      finalPart.forEach(function (el) { el.hidden = !onFinal; });
      back.hidden = index === 0;
      next.hidden = onFinal;
      hint.textContent = "";
      progress.textContent = onFinal
        ? text.done.replace("{total}", total)
        : text.progress.replace("{n}", index + 1).replace("{total}", total);
      if (moveFocus) {
        var target = onFinal ? form.querySelector(".selfcheck-submit") : questions[index].querySelector("fieldset");
        if (target) {
          if (!onFinal) target.setAttribute("tabindex", "-1");
          target.focus();
        }
      }
    }

    next.addEventListener("click", function () {
      if (!answered(current)) {
        hint.textContent = text.choose;
        return;
      }
      show(current + 1, true);
    });
    back.addEventListener("click", function () { show(current - 1, true); });
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") hint.textContent = "";
    });
    show(current, false);
  }

  document.querySelectorAll("[data-selfcheck-locate]").forEach(setUpLocate);
  var form = document.querySelector("[data-selfcheck-form]");
  if (form) setUpSteps(form);
  var errors = document.getElementById("selfcheck-errors");
  if (errors) errors.focus();
})();
