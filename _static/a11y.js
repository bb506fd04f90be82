/*
 * Accessible names for two of the theme's buttons (pydata-sphinx-theme 0.16, used by
 * sphinx-book-theme 1.3). Both buttons carry the theme's class "pst-js-only": they are shown
 * only when JavaScript runs, so fixing them here covers every reader who can see them.
 * jupyter-book links every .js file in _static/; tests/test_browser.py checks the result
 * with axe-core.
 *
 * 1. Search field ("Search  Ctrl+K"): its aria-label "Search" leaves out part of the visible
 *    text, so a speech-input user saying what they see does not hit it (WCAG 2.5.3, axe
 *    "label-content-name-mismatch"). The name now comes from the visible word "Search"; the
 *    shortcut is announced through aria-keyshortcuts instead of being read out as "Ctrl plus K".
 * 2. Colour-mode switch: its three icons each carry a title (Light, Dark, System Settings)
 *    that became part of its visible text but not of its name "Color mode". The icons are now
 *    decorative and the name says the current mode, e.g. "Color mode: Dark".
 */
(function () {
  "use strict";

  // The theme uses the Command key on Apple systems and Control elsewhere.
  var SHORTCUT =
    navigator.platform.indexOf("Mac") === 0 || navigator.platform === "iPhone"
      ? "Meta+K"
      : "Control+K";

  function nameSearchFields() {
    document.querySelectorAll(".search-button-field").forEach(function (button) {
      if (!button.querySelector(".search-button__default-text")) {
        return; // an icon-only button keeps its aria-label
      }
      button.removeAttribute("aria-label");
      button.setAttribute("aria-keyshortcuts", SHORTCUT);
      button.querySelectorAll(".search-button__kbd-shortcut").forEach(function (hint) {
        hint.setAttribute("aria-hidden", "true");
      });
    });
  }

  // Font Awesome replaces each <i> with an <svg> whose <title> holds the <i>'s title; this
  // may happen before or after this script runs, so both forms are handled.
  function iconTitle(icon) {
    var title = icon.querySelector("title");
    return icon.getAttribute("title") || (title ? title.textContent : "");
  }

  function silenceIcon(icon) {
    icon.removeAttribute("title");
    icon.removeAttribute("aria-labelledby");
    icon.querySelectorAll("title").forEach(function (title) {
      title.remove();
    });
    icon.setAttribute("aria-hidden", "true");
  }

  function labelThemeSwitch(button) {
    var base = button.getAttribute("aria-label") || "Color mode";
    var modeNames = {};
    button.querySelectorAll(".theme-switch[data-mode]").forEach(function (icon) {
      modeNames[icon.dataset.mode] = iconTitle(icon);
      silenceIcon(icon);
    });
    function update() {
      var name = modeNames[document.documentElement.dataset.mode];
      button.setAttribute("aria-label", name ? base + ": " + name : base);
    }
    update();
    new MutationObserver(update).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-mode"],
    });
  }

  function run() {
    nameSearchFields();
    document.querySelectorAll(".theme-switch-button").forEach(labelThemeSwitch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
