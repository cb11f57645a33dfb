// Kiosk mode for the lookup screen at the one-stop office. Opening the kiosk start page turns it on for the
// browser tab (sessionStorage works from file:// as well as over http); then every page shows a big
// "back to start" button, links that would leave the site are disabled (a kiosk has nowhere to go), and after
// three minutes untouched the screen goes back to the start page for the next person.
(function () {
  var KEY = "cchc.kiosk";
  var IDLE_MS = 180000;
  var on = false;
  try {
    var start = window.cchcContract && window.cchcContract.kiosk.start;  // the start page's mark (overrides/kiosk.html)
    if (start && document.querySelector("[" + start + "]")) sessionStorage.setItem(KEY, "1");
    on = sessionStorage.getItem(KEY) === "1";
  } catch (error) {
    return; // storage refused (privacy settings): the site works as for any reader
  }
  if (!on) return;
  document.documentElement.classList.add("cchc-kiosk");
  var home = document.querySelector(".cchc-kiosk-home");
  if (home) {
    home.hidden = home.parentNode.hidden = false;
    var timer;
    var restart = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { location.href = home.href; }, IDLE_MS);
    };
    ["pointerdown", "keydown", "scroll", "input"].forEach(function (name) {
      addEventListener(name, restart, { passive: true, capture: true });
    });
    restart();
  }
  var links = document.querySelectorAll("a[href]");
  for (var i = 0; i < links.length; i++) {
    var link = links[i];
    var outside = /^(mailto|tel|sms):$/.test(link.protocol) ||
      (/^https?:$/.test(link.protocol) && link.host !== location.host);
    if (outside) {
      // the address stays readable, to be typed at home (the portal), or called (a hotline)
      var address = /^https?:$/.test(link.protocol) ? link.host : decodeURIComponent(link.pathname);
      if (link.textContent.indexOf(address) === -1) link.appendChild(document.createTextNode(" (" + address + ")"));
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
      link.classList.add("cchc-kiosk-outside");
    }
  }
})();
