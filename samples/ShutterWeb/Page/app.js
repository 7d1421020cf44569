// The shutter-web page: drives /api and follows /api/events. Server-sent events are read with fetch
// (not EventSource) so that the bearer token can travel in the Authorization header.
"use strict";

const $ = (id) => document.getElementById(id);
const tokenInput = $("token");
tokenInput.value = localStorage.getItem("shutter-token") || "";
tokenInput.addEventListener("change", () => { localStorage.setItem("shutter-token", tokenInput.value); listen(); });

function headers(json) {
  const h = {};
  if (json) h["Content-Type"] = "application/json";
  if (tokenInput.value) h["Authorization"] = "Bearer " + tokenInput.value;
  return h;
}

function say(text) { $("message").textContent = text || ""; }

async function call(method, path, body) {
  // The API takes only JSON for anything that changes state (a guard against other sites' forms): {} when there is nothing to say.
  const response = await fetch(path, { method, headers: headers(true), body: JSON.stringify(body === undefined ? {} : body) });
  if (response.status === 401) { say("This server needs a token: open Settings and enter it."); throw new Error("unauthorized"); }
  const data = await response.json().catch(() => null);
  if (!response.ok) { say((data && (data.detail || data.title)) || ("Error " + response.status)); throw new Error("failed"); }
  say("");
  return data;
}

function number(id) { const v = $(id).value.trim(); return v === "" ? null : Number(v); }

function showStatus(s) {
  $("state").textContent = s.running ? "running" : "idle";
  $("state").classList.toggle("running", s.running);
  $("taken").textContent = s.taken;
  $("of").textContent = s.count ? " / " + s.count : "";
  $("next").textContent = s.nextShotAt ? new Date(s.nextShotAt).toLocaleTimeString() : "-";
  if (document.activeElement !== $("pulse")) $("pulse").value = s.pulseMilliseconds;
}

function showShot(e) {
  const item = document.createElement("li");
  const when = new Date(e.actualAt || e.plannedAt).toLocaleTimeString();
  if (e.kind === "skipped") { item.className = "skipped"; item.textContent = `frame ${e.frame} skipped (due ${when})`; }
  else if (e.kind === "adHocShot") { item.textContent = `on demand at ${when}`; }
  else { item.textContent = `frame ${e.frame} at ${when}, ${e.latenessMilliseconds.toFixed(2)} ms late`; }
  const list = $("shots");
  list.prepend(item);
  while (list.children.length > 20) list.lastChild.remove();
}

let listening = null;
async function listen() {
  if (listening) listening.abort();
  const controller = new AbortController();
  listening = controller;
  try {
    const response = await fetch("/api/events", { headers: headers(false), signal: controller.signal });
    if (response.status === 401) { $("state").textContent = "token needed"; say("This server needs a token: open Settings and enter it."); return; }
    $("shots").replaceChildren();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = (block.match(/^event: (.*)$/m) || [])[1];
        const data = (block.match(/^data: (.*)$/m) || [])[1];
        if (!data) continue;
        const payload = JSON.parse(data);
        if (name === "status") showStatus(payload);
        else if (name === "shot") showShot(payload);
        else if (name === "run" && payload.kind === "failed") say("The run stopped: " + payload.error);
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  if (listening === controller) { $("state").textContent = "reconnecting"; setTimeout(listen, 2000); }
}

$("start").addEventListener("click", () => call("POST", "/api/intervalometer/start", {
  intervalSeconds: number("interval"), count: number("count"), delaySeconds: number("delay") ?? 0, bulbSeconds: number("bulb"),
}).then(showStatus).catch(() => {}));
$("stop").addEventListener("click", () => call("POST", "/api/intervalometer/stop").then(showStatus).catch(() => {}));
$("shoot").addEventListener("click", () => call("POST", "/api/shots").catch(() => {}));
$("plan").addEventListener("submit", (e) => e.preventDefault());
$("settings").addEventListener("submit", (e) => {
  e.preventDefault();
  call("PUT", "/api/settings", { pulseMilliseconds: number("pulse"), focusMilliseconds: number("focus") ?? 0 }).then(() => say("Saved.")).catch(() => {});
});

listen();
