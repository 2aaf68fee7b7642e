/*
 * CST/SER clinic assistant — website chat widget.
 *
 * Embed with one script tag (see web/demo/index.html):
 *   <script src="https://assistant.example.org/webhooks/web/widget.js"
 *           data-server-url="https://assistant.example.org"
 *           data-title="Questions about CST and SER?"
 *           data-initial-message="/greet" defer></script>
 *
 * Every text from the user or the assistant is shown with textContent, never as HTML.
 * The transcript is kept in sessionStorage (data-storage="local" for localStorage), so the
 * conversation survives a page reload; the server keeps its side under the same session id.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.CSTChatLoaded) return;
  window.CSTChatLoaded = true;

  var base = script.src.replace(/[^/]*$/, "");
  var options = {
    serverUrl: script.getAttribute("data-server-url") || new URL(script.src).origin,
    socketPath: script.getAttribute("data-socket-path") || "/socket.io/",
    title: script.getAttribute("data-title") || "Questions about CST and SER?",
    initialMessage: script.getAttribute("data-initial-message") || "/greet",
    storage: script.getAttribute("data-storage") === "local" ? window.localStorage : window.sessionStorage,
    openOnLoad: script.getAttribute("data-open") === "true",
  };
  var KEY = "cstchat:" + options.serverUrl;
  var view = null;  // window.CSTReplyView (reply-view.js), once loaded

  function load(url, tag) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      if (tag === "script") { el.src = url; } else { el.rel = "stylesheet"; el.href = url; }
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(el);
    });
  }

  function el(tag, className, text) { return view.el(tag, className, text); }

  function readState() {
    try {
      var state = JSON.parse(options.storage.getItem(KEY) || "null");
      if (state && typeof state.sessionId === "string" && Array.isArray(state.messages)) return state;
    } catch (e) { /* a broken entry starts a new conversation */ }
    return { sessionId: null, sessionToken: null, messages: [], greeted: false };
  }
  function saveState() {
    try { options.storage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or off */ }
  }

  var state = readState();
  var ui = {};
  var socket = null;
  var joined = false;  // this socket's session is confirmed: messages may go

  function buildUi() {
    var root = el("div", "cstchat");
    var launcher = el("button", "cstchat-launcher", "Chat");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "cstchat-panel");
    launcher.setAttribute("aria-label", "Open the chat: " + options.title);

    var panel = el("section", "cstchat-panel");
    panel.id = "cstchat-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", options.title);

    var header = el("header", "cstchat-header");
    header.appendChild(el("h2", "cstchat-title", options.title));
    header.appendChild(el("p", "cstchat-subtitle", "Automated assistant · general information, not medical advice"));
    var close = el("button", "cstchat-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close the chat");
    header.appendChild(close);

    var log = el("div", "cstchat-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");

    var status = el("p", "cstchat-status");
    status.setAttribute("aria-live", "polite");

    var form = el("form", "cstchat-form");
    var label = el("label", "cstchat-visually-hidden", "Your question");
    label.htmlFor = "cstchat-input";
    var input = el("input", "cstchat-input");
    input.id = "cstchat-input";
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = 2000;
    input.placeholder = "Type your question…";
    var send = el("button", "cstchat-send", "Send");
    send.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(status);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(root);

    launcher.addEventListener("click", function () { setOpen(panel.hidden); });
    close.addEventListener("click", function () { setOpen(false); launcher.focus(); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { setOpen(false); launcher.focus(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      sendMessage(text, true);
    });
    ui = { root: root, launcher: launcher, panel: panel, log: log, status: status, input: input };
  }

  function setOpen(open) {
    ui.panel.hidden = !open;
    ui.launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      connect();
      ui.input.focus();
      if (!state.greeted && options.initialMessage) {
        state.greeted = true;
        saveState();
        sendMessage(options.initialMessage, false);
      }
    }
  }

  function renderUser(text) {
    var bubble = el("div", "cstchat-msg cstchat-user");
    bubble.appendChild(el("p", "cstchat-text", text));
    return bubble;
  }

  function renderBot(message) {
    // label, text, source, notes, the type class and role="alert": all from reply-view.js
    var bubble = view.render(message.custom || { answer: message.text }, "cstchat-");
    bubble.classList.add("cstchat-msg", "cstchat-bot");
    return bubble;
  }

  function show(entry) {
    ui.log.appendChild(entry.from === "user" ? renderUser(entry.text) : renderBot(entry));
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function remember(entry) {
    state.messages.push(entry);
    state.messages = state.messages.slice(-200);
    saveState();
    show(entry);
  }

  function setStatus(text) { ui.status.textContent = text || ""; }

  function connect() {
    if (socket) return;
    socket = window.io(options.serverUrl, { path: options.socketPath, transports: ["websocket", "polling"] });
    socket.on("connect", function () {
      joined = false;
      setStatus("");
      // The server resumes a session only with the token it signed it with.
      socket.emit("session_request", { session_id: state.sessionId, session_token: state.sessionToken });
    });
    socket.on("session_confirm", function (session) {
      if (session && typeof session.session_id === "string") {
        state.sessionId = session.session_id;
        state.sessionToken = session.session_token;
        saveState();
      }
      joined = true;
      flushPending();
    });
    socket.on("bot_uttered", function (message) {
      if (!message || (typeof message.text !== "string" && !message.custom)) return;
      setStatus("");
      remember({ from: "bot", text: message.text || "", custom: message.custom || null });
    });
    socket.on("error_message", function (message) { setStatus((message && message.error) || "Something went wrong."); });
    socket.on("connect_error", function () { setStatus("Can't reach the assistant right now. Retrying…"); });
    socket.on("disconnect", function () { joined = false; setStatus("Connection lost. Reconnecting…"); });
  }

  var pending = [];
  function flushPending() {
    while (pending.length && joined) {
      socket.emit("user_uttered", { message: pending.shift() });  // into the session this socket joined
      setStatus("The assistant is typing…");
    }
  }

  function sendMessage(text, visible) {
    if (visible) remember({ from: "user", text: text });
    pending.push(text);
    connect();
    if (socket.connected && joined) flushPending();
  }

  function start() {
    buildUi();
    state.messages.forEach(show);
    if (options.openOnLoad || state.messages.length) setOpen(true);
  }

  Promise.all([
    load(base + "socket.io.min.js", "script"),
    load(base + "reply-view.js", "script"),
    load(base + "widget.css", "link"),
  ])
    .then(function () {
      view = window.CSTReplyView;
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
      else start();
    })
    .catch(function (error) { console.error("CST chat widget:", error); });
})();
