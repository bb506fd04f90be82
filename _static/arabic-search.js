/* Arabic in search results.
 *
 * Sphinx finds the excerpt by looking for the query word in the raw page text, so a query that
 * matched only after normalisation (no harakat, folded alef forms) got the page's first lines
 * instead. Here the excerpt is found in normalised text, and every Arabic run in the results is
 * marked lang="ar" dir="rtl" so it reads in the right order inside the English list.
 *
 * Runs at DOMContentLoaded, before Sphinx's own Search.init (registered later), and only on
 * pages that have the search code and the book's Arabic normalisation (the en_ar language).
 */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || typeof normaliseArabicSearch !== "function") return;

  const LETTER = "\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF";
  const JOINER = "\\s\\d\\u0660-\\u0669.,:;\"'«»()\\-\\u060C\\u061B";
  const ARABIC_RUN = new RegExp(`[${LETTER}]+(?:[${JOINER}]+[${LETTER}]+)*`, "g");
  const CONTEXT = 120;

  // The text folded character by character, keeping each folded character's original index.
  const foldWithPositions = (text) => {
    let folded = "";
    const origin = [];
    for (let i = 0; i < text.length; i += 1) {
      for (const c of normaliseArabicSearch(text[i]).toLowerCase()) {
        folded += c;
        origin.push(i);
      }
    }
    return { folded, origin };
  };

  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const text = Search.htmlToText(htmlText, anchor);
    if (text === "") return null;
    const { folded, origin } = foldWithPositions(text);
    const hits = [...keywords]
      .map((k) => folded.indexOf(normaliseArabicSearch(k).toLowerCase()))
      .filter((i) => i > -1);
    const at = hits.length ? origin[hits[hits.length - 1]] : 0;
    const start = Math.max(at - CONTEXT, 0);
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent =
      (start ? "..." : "") + text.substr(start, 2 * CONTEXT).trim() +
      (start + 2 * CONTEXT < text.length ? "..." : "");
    return summary;
  };

  const markArabic = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.parentElement.closest('[lang="ar"]') && ARABIC_RUN.test(node.data)) nodes.push(node);
      ARABIC_RUN.lastIndex = 0;
    }
    nodes.forEach((node) => {
      const parts = document.createDocumentFragment();
      let last = 0;
      for (const match of node.data.matchAll(ARABIC_RUN)) {
        parts.append(node.data.slice(last, match.index));
        const run = document.createElement("bdi");
        run.lang = "ar";
        run.dir = "rtl";
        run.textContent = match[0];
        parts.append(run);
        last = match.index + match[0].length;
      }
      parts.append(node.data.slice(last));
      node.replaceWith(parts);
    });
  };

  const results = document.getElementById("search-results");
  if (!results) return;
  new MutationObserver((changes) => {
    changes.forEach((change) =>
      change.addedNodes.forEach((added) => {
        if (added.nodeType === Node.ELEMENT_NODE) markArabic(added);
      }));
  }).observe(results, { childList: true, subtree: true });
});
