/*
 * Front-desk console. All text is shown with textContent, never as HTML. A reply's label,
 * answer, source line and notes come from reply-view.js (window.CSTReplyView), as in the widget.
 */
(function () {
  "use strict";
  var base = location.pathname.replace(/[^/]*$/, "");
  var view = window.CSTReplyView;
  var $ = function (id) { return document.getElementById(id); };
  // The token never travels in an address (it would sit in history and server logs): it is
  // typed into the page once and kept for this tab only.
  var caller = newCallerId();

  function newCallerId() {
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    $("caller-label").textContent = "Caller " + id.slice(-4);
    return id;
  }

  function headers() {
    var h = { "Content-Type": "application/json" };
    var token = sessionStorage.getItem("frontdesk-token");
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  function api(path, body) {
    return fetch(base + path, body ? { method: "POST", headers: headers(), body: JSON.stringify(body) } : { headers: headers() })
      .then(function (r) {
        if (r.status === 401) { $("token-box").hidden = false; throw new Error("A front-desk token is needed."); }
        return r.json().then(function (data) {
          if (!r.ok) throw new Error(data.error || "The assistant could not answer.");
          return data;
        });
      });
  }

  function showClinic(facts) {
    var list = $("clinic");
    list.replaceChildren();
    [["Clinic", facts.name], ["Phone", facts.phone], ["Email", facts.email], ["Address", facts.address],
     ["Booking", facts.booking_url]].forEach(function (pair) {
      list.appendChild(view.el("dt", "", pair[0]));
      list.appendChild(view.el("dd", pair[1] ? "" : "muted", pair[1] || "not set in the clinic profile"));
    });
    list.appendChild(view.el("dt", "", "Opening hours"));
    var hours = (facts.opening_hours || []).map(function (h) { return h[0] + ": " + h[1]; }).join("\n");
    list.appendChild(view.el("dd", "pre", hours || "not set in the clinic profile"));
    $("clinic-example").hidden = !facts.example;
  }

  function showReply(reply) {
    var parts = view.parts(reply);
    var box = $("answer");
    box.hidden = false;
    box.className = "answer type-" + parts.type;
    box.setAttribute("aria-live", parts.urgent ? "assertive" : "polite");
    $("type").textContent = parts.label || "";
    $("type").hidden = !parts.label;  // small talk has no label
    $("answer-text").textContent = parts.answer;
    var line = $("source-line");
    line.replaceChildren();
    if (parts.sourceLine) line.appendChild(view.sourceNode("span", "", parts.sourceLine, parts.sourceUrl));
    var notes = $("notes");
    notes.replaceChildren();
    parts.notes.forEach(function (n) { notes.appendChild(view.el("li", "", n)); });
    var sources = $("sources");
    sources.replaceChildren();
    if (!reply.sources || !reply.sources.length) {
      sources.appendChild(view.el("li", "muted", "No passage: this reply does not come from the article."));
    }
    (reply.sources || []).slice(0, 3).forEach(function (s) {
      var item = view.el("li");
      item.appendChild(view.sourceNode("strong", "", s.section, view.safeUrl(s.url)));
      item.appendChild(view.el("span", "score", " score " + Number(s.score).toFixed(3)));
      item.appendChild(view.el("p", "", s.text || ""));
      sources.appendChild(item);
    });
    $("copied").textContent = "";
  }

  $("ask-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var question = $("question").value.trim();
    if (!question) return;
    $("status").textContent = "Asking…";
    $("ask-button").disabled = true;
    api("ask", { caller: caller, question: question })
      .then(function (reply) { $("status").textContent = ""; showReply(reply); })
      .catch(function (error) { $("status").textContent = error.message; })
      .then(function () { $("ask-button").disabled = false; });
  });

  $("new-caller").addEventListener("click", function () {
    caller = newCallerId();
    $("question").value = "";
    $("answer").hidden = true;
    $("question").focus();
  });

  $("copy").addEventListener("click", function () {
    var answer = $("answer-text").textContent;
    var done = function () { $("copied").textContent = "Copied."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(answer).then(done, function () { $("copied").textContent = "Copy failed."; });
    } else {
      var area = document.createElement("textarea");
      area.value = answer;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      done();
    }
  });

  $("save-token").addEventListener("click", function () {
    sessionStorage.setItem("frontdesk-token", $("token").value);
    $("token-box").hidden = true;
    loadClinic();
  });

  function showGaps(data) {
    var list = $("gaps");
    list.replaceChildren();
    $("gaps-total").textContent = data.total ? data.total + " unanswered questions" : "No gaps logged yet.";
    (data.gaps || []).slice(0, 20).forEach(function (gap) {
      var item = view.el("li");
      item.appendChild(view.el("strong", "", gap.missing));
      item.appendChild(view.el("span", "score", " × " + gap.count + " (last " + gap.last_day + ")"));
      (gap.examples || []).forEach(function (q) { item.appendChild(view.el("p", "muted", "“" + q + "”")); });
      list.appendChild(item);
    });
  }

  function loadGaps() {
    api("gaps").then(showGaps).catch(function (error) { $("gaps-total").textContent = error.message; });
  }

  $("gaps-refresh").addEventListener("click", loadGaps);

  function loadClinic() {
    api("profile").then(showClinic).catch(function (error) { $("status").textContent = error.message; });
    loadGaps();
  }
  loadClinic();
})();
