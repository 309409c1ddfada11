// Progressive enhancement: choosing a county reloads the form so the township list
// appears. Without JavaScript the "查找" button does the same.
(function () {
  "use strict";
  var county = document.querySelector("select[data-autosubmit]");
  if (!county) return;
  county.addEventListener("change", function () {
    var township = county.form.querySelector("select[name=township]");
    if (township) township.value = "";
    county.form.submit();
  });
})();
