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

// The start (and preview) body. A ramp is sent when any of its fields is filled, so that the server names what is missing.
function plan() {
  const body = {
    intervalSeconds: number("interval"), count: number("count"), delaySeconds: number("delay") ?? 0, bulbSeconds: number("bulb"),
    startAt: $("start-at").value || null,
  };
  if (["ramp-start", "ramp-end", "ramp-frames", "ramp-first", "ramp-gap"].some((id) => $(id).value.trim() !== "")) {
    body.ramp = {
      startSeconds: number("ramp-start"), endSeconds: number("ramp-end"), frames: number("ramp-frames"),
      firstFrame: number("ramp-first"), minimumGapSeconds: number("ramp-gap"),
    };
  }
  return body;
}

function seconds(value) { return value === null || value === undefined ? "pulse" : (value < 1 ? value.toFixed(3) : value.toFixed(value < 10 ? 2 : 1)) + " s"; }

function when(iso) {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

function showStatus(s) {
  $("state").textContent = s.scheduled ? "scheduled" : s.running ? "running" : "idle";
  $("state").classList.toggle("running", s.running);
  $("taken").textContent = s.taken;
  $("of").textContent = s.count ? " / " + s.count : "";
  $("next").textContent = s.nextShotAt ? when(s.nextShotAt) : "-";
  $("zone").textContent = s.timeZone;
  if (document.activeElement !== $("pulse")) $("pulse").value = s.pulseMilliseconds;
}

function showShot(e) {
  const item = document.createElement("li");
  const when = new Date(e.actualAt || e.plannedAt).toLocaleTimeString();
  if (e.kind === "skipped") { item.className = "skipped"; item.textContent = `frame ${e.frame} skipped (due ${when})`; }
  else if (e.kind === "adHocShot") { item.textContent = `on demand at ${when}`; }
  else { item.textContent = `frame ${e.frame} at ${when}, ${e.latenessMilliseconds.toFixed(2)} ms late, exposure ${seconds(e.exposureSeconds)}`; }
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

// The preview: one page of at most 1,000 frames from the server, summarised (a line, a chart, the first and last rows),
// so that a long ramp costs the page no more than a short one.
let previewNext = null;
function showPreview(p) {
  const frames = p.frames;
  $("preview-box").hidden = false;
  previewNext = p.next;
  $("preview-more").hidden = p.next === null;
  const body = $("preview-table").tBodies[0];
  body.replaceChildren();
  const chart = $("preview-chart");
  chart.replaceChildren();
  if (frames.length === 0) { $("preview-summary").textContent = "No frames there."; return; }
  const first = frames[0], last = frames[frames.length - 1];
  const exposures = frames.map((f) => f.exposureSeconds).filter((x) => x !== null);
  const range = exposures.length ? `, exposure ${seconds(Math.min(...exposures))} to ${seconds(Math.max(...exposures))}` : ", ordinary pulses";
  $("preview-summary").textContent =
    `Frames ${first.frame} to ${last.frame} of ${p.count ?? "a run until stopped"}: ${when(first.plannedAt)} to ${when(last.plannedAt)}${range}.`;
  const rows = frames.length <= 10 ? frames : [...frames.slice(0, 5), null, ...frames.slice(-5)];
  for (const f of rows) {
    const row = body.insertRow();
    if (f === null) { row.insertCell().textContent = "…"; row.cells[0].colSpan = 3; continue; }
    row.insertCell().textContent = f.frame;
    row.insertCell().textContent = when(f.plannedAt);
    row.insertCell().textContent = seconds(f.exposureSeconds);
  }
  if (exposures.length > 1) {
    // Exposure (log scale: a ramp in stops is a straight line) against the planned moment.
    const t0 = Date.parse(first.plannedAt), span = Math.max(1, Date.parse(last.plannedAt) - t0);
    const logs = exposures.map(Math.log2), low = Math.min(...logs), high = Math.max(...logs);
    const points = frames.map((f) => `${(300 * (Date.parse(f.plannedAt) - t0) / span).toFixed(1)},${(95 - 90 * (high === low ? 0.5 : (Math.log2(f.exposureSeconds) - low) / (high - low))).toFixed(1)}`);
    const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
    line.setAttribute("points", points.join(" "));
    chart.append(line);
  }
}

function preview(from) {
  return call("POST", "/api/preview?from=" + from, plan()).then(showPreview).catch(() => { $("preview-box").hidden = true; });
}

$("preview").addEventListener("click", () => preview(1));
$("preview-more").addEventListener("click", () => preview(previewNext));
$("start").addEventListener("click", () => call("POST", "/api/intervalometer/start", plan()).then(showStatus).catch(() => {}));
$("stop").addEventListener("click", () => call("POST", "/api/intervalometer/stop").then(showStatus).catch(() => {}));
$("shoot").addEventListener("click", () => call("POST", "/api/shots").catch(() => {}));
$("plan").addEventListener("submit", (e) => e.preventDefault());
$("settings").addEventListener("submit", (e) => {
  e.preventDefault();
  call("PUT", "/api/settings", { pulseMilliseconds: number("pulse"), focusMilliseconds: number("focus") ?? 0 }).then(() => say("Saved.")).catch(() => {});
});

listen();
