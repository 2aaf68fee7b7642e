/*
 * CST/SER clinic assistant — one reply payload → what a person sees, shared by the website
 * widget (web/widget/widget.js) and the front-desk console (web/frontdesk/console.js).
 * The JavaScript twin of bot/render.py: LABELS must say word for word what bot.render.LABELS
 * says (tests/unit/test_render.py compares them; keep one `type: "label",` per line).
 *
 * Every text is set with textContent, never as HTML.
 */
(function () {
  "use strict";

  // The label above each kind of reply (small talk has none).
  var LABELS = Object.freeze({
    answer: "From the clinic's article",
    no_answer: "Not covered by the article",
    out_of_scope: "Outside what I can help with",
    emergency: "Urgent — please read",
    medical_boundary: "Please talk to a health professional",
    clinic_info: "Clinic information",
    evidence: "About the evidence",
  });

  function str(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  /* An element with a class and a text, both optional; the text goes in as textContent. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* An http(s) address, or "" (a link must never run script: "javascript:…"). */
  function safeUrl(value) {
    var text = str(value);
    return /^https?:\/\/[^\s<>|]+$/.test(text) ? text : "";
  }

  /* A source line: a link to the section when the clinic publishes the article, else text. */
  function sourceNode(tag, className, text, url) {
    var node = el(tag, className);
    if (!url) { node.textContent = text; return node; }
    var link = el("a", "", text);
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    node.appendChild(link);
    return node;
  }

  /* The payload's parts in the order they are seen: label, answer, source line, notes. */
  function parts(payload) {
    payload = payload || {};
    var type = str(payload.type);
    return {
      type: type,
      label: Object.prototype.hasOwnProperty.call(LABELS, type) ? LABELS[type] : null,
      answer: str(payload.answer),
      sourceLine: str(payload.source_line),
      sourceUrl: safeUrl(payload.source_url),
      notes: Array.isArray(payload.notes) ? payload.notes.map(str) : [],
      urgent: type === "emergency",
    };
  }

  /*
   * The reply as a <div>: classes <prefix>type-<type>; role="alert" when urgent; children
   * p.<prefix>label (if any), p.<prefix>text, p.<prefix>source (if any), p.<prefix>note each.
   */
  function render(payload, classPrefix) {
    var prefix = classPrefix || "";
    var p = parts(payload);
    var node = el("div", p.type ? prefix + "type-" + p.type : "");
    if (p.urgent) node.setAttribute("role", "alert");
    if (p.label) node.appendChild(el("p", prefix + "label", p.label));
    node.appendChild(el("p", prefix + "text", p.answer));
    if (p.sourceLine) node.appendChild(sourceNode("p", prefix + "source", p.sourceLine, p.sourceUrl));
    p.notes.forEach(function (note) { node.appendChild(el("p", prefix + "note", note)); });
    return node;
  }

  window.CSTReplyView = Object.freeze({
    LABELS: LABELS, parts: parts, render: render, el: el, safeUrl: safeUrl, sourceNode: sourceNode,
  });
})();
