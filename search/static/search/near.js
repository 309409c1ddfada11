/* Progressive enhancement for /search/: offer "sort by distance" using the browser's
   geolocation. Without JavaScript the page works unchanged (no location sorting).
   No third-party code; the position is only put into the form's `near` field. */
(function () {
  "use strict";
  var button = document.querySelector("[data-search-locate]");
  var field = document.querySelector("[data-search-near]");
  if (!button || !field || !("geolocation" in navigator)) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (pos) {
      field.value = pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5);
      button.form.submit();
    }, function () {
      button.disabled = false;
      button.textContent = button.getAttribute("data-failed") || "无法获取位置";
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
  });
})();
