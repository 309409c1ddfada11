// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;

  // Offline hotlines: the service worker keeps the hotlines pages after one visit.
  var worker = root.getAttribute("data-sw");
  if (worker && "serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
    });
  }

  // Copy buttons: <button type="button" data-copy="text" data-copied-label="已复制">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      button.setAttribute("data-copied", "true");
      var done = button.getAttribute("data-copied-label");
      if (done) button.textContent = done;
    });
  });

  // "Near me": <button type="button" data-near-me data-lat-field="lat" data-lon-field="lon"> inside a GET form
  // fills hidden lat/lon fields from the browser's location (asked only on click) and submits the form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-near-me]");
    if (!button || !navigator.geolocation) return;
    var form = button.form || button.closest("form");
    if (!form) return;
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = form.elements[button.getAttribute("data-lat-field") || "lat"];
      var lon = form.elements[button.getAttribute("data-lon-field") || "lon"];
      if (lat) lat.value = position.coords.latitude.toFixed(5);
      if (lon) lon.value = position.coords.longitude.toFixed(5);
      form.submit();
    }, function () {
      button.disabled = false;
      if (status) status.textContent = button.getAttribute("data-error-label") || "";
    }, { maximumAge: 600000, timeout: 15000 });
  });

  // Show "near me" buttons only where they can work (they are hidden without JavaScript).
  if (navigator.geolocation) {
    var nearMe = document.querySelectorAll("[data-near-me][hidden]");
    for (var i = 0; i < nearMe.length; i++) nearMe[i].hidden = false;
  }

  // Print pages: <button type="button" data-print hidden> opens the browser's print dialog.
  if (window.print) {
    var printButtons = document.querySelectorAll("[data-print]");
    for (var j = 0; j < printButtons.length; j++) {
      printButtons[j].hidden = false;
      printButtons[j].addEventListener("click", function () { window.print(); });
    }
  }
})();
