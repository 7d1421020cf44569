// The cube page: follows /api/events and draws the newest frame once per display refresh. Server-sent events are
// read with fetch (not EventSource) so that the bearer token can travel in the Authorization header.
"use strict";

const $ = (id) => document.getElementById(id);
const tokenInput = $("token");
tokenInput.value = localStorage.getItem("cube-token") || "";
tokenInput.addEventListener("change", () => { localStorage.setItem("cube-token", tokenInput.value); listen(); });

function headers(json) {
  const h = {};
  if (json) h["Content-Type"] = "application/json";
  if (tokenInput.value) h["Authorization"] = "Bearer " + tokenInput.value;
  return h;
}

function say(text) { $("message").textContent = text || ""; }

// What the page received and drew, for people (the status panel) and for tests (window.cube).
const cube = window.cube = {
  frames: 0,          // frames received
  drawnFrames: 0,     // frames drawn (at most one per display refresh)
  latest: null,       // the newest frame received
  drawn: null,        // the frame drawn last
  status: null,       // the newest status
  latencies: [],      // milliseconds from the report entering the server to this page receiving it (the last 5000)
  clockOffset: null,  // server clock minus this page's clock, from GET /api/clock
  clockRoundTrip: null, // the quickest round trip of that measurement: the offset is good to half of it
};

const now = () => performance.timeOrigin + performance.now();

// The server stamps each frame with its own clock; the page measures the offset as NTP does, from the quickest of a
// few round trips, so that latency = receive time + offset − stamp is good to half that round trip.
async function syncClock() {
  let best = null;
  for (let i = 0; i < 20; i++) {
    const t0 = now();
    const response = await fetch("/api/clock", { headers: headers(false) });
    if (!response.ok) return;
    const { now: server } = await response.json();
    const t1 = now();
    if (!best || t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: server - (t0 + t1) / 2 };
  }
  if (cube.clockRoundTrip === null || best.rtt <= 2 * cube.clockRoundTrip) {
    // A measurement made while the machine was busy (a slow round trip) does not replace a better one.
    cube.clockOffset = best.offset;
    cube.clockRoundTrip = best.rtt;
  }
}

function percentile(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN; }

function showStatus(s) {
  cube.status = s;
  const connection = $("connection");
  connection.textContent = s.connection;
  connection.className = "state " + s.connection;
  $("device").textContent = s.device ? `${s.device} (${s.bus}, ${s.source})` : `- (${s.source})`;
  $("battery").textContent = s.batteryPercent == null ? "-" : `${s.batteryPercent}%${s.cable ? ", on cable" : ""}`;
  $("rate").textContent = `${s.reportRate} per second`;
  if (cube.latencies.length) {
    const sorted = [...cube.latencies].sort((a, b) => a - b);
    $("latency").textContent = `${percentile(sorted, 0.5).toFixed(2)} ms median, ${percentile(sorted, 0.99).toFixed(2)} ms p99`;
  }
}

function receiveFrame(frame, receivedAt) {
  cube.frames++;
  cube.latest = frame;
  if (cube.clockOffset !== null) {
    cube.latencies.push(receivedAt + cube.clockOffset - frame.sentAt);
    if (cube.latencies.length > 5000) cube.latencies.splice(0, cube.latencies.length - 5000);
  }
}

const renderer = (() => {
  try { return window.CubeRenderer.create($("scene")); } catch (e) { say("The cube cannot be drawn: " + e.message); return null; }
})();
if (!renderer) $("nogl").hidden = false;

function draw() {
  const frame = cube.latest;
  if (frame && frame !== cube.drawn) {
    if (renderer) renderer.draw(frame);
    cube.drawn = frame;
    cube.drawnFrames++;
  }
  requestAnimationFrame(draw);
}
requestAnimationFrame(draw);

let listening = null;
async function listen() {
  if (listening) listening.abort();
  const controller = new AbortController();
  listening = controller;
  try {
    await syncClock();
    const response = await fetch("/api/events", { headers: headers(false), signal: controller.signal });
    if (response.status === 401) { $("connection").textContent = "token needed"; say("This server needs a token: open Token and enter it."); return; }
    say("");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const receivedAt = now();
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const newline = block.indexOf("\n");
        const name = block.slice(7, newline);  // "event: NAME"
        const data = block.slice(newline + 7); // "data: JSON"
        if (name === "frame") receiveFrame(JSON.parse(data), receivedAt);
        else if (name === "status") showStatus(JSON.parse(data));
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  if (listening === controller) {
    $("connection").textContent = "reconnecting";
    $("connection").className = "state reconnecting";
    setTimeout(listen, 1000);
  }
}

for (const swatch of document.querySelectorAll(".swatch")) {
  swatch.addEventListener("click", async () => {
    // The API takes only JSON for anything that changes state (a guard against other sites' forms).
    const response = await fetch("/api/color", { method: "POST", headers: headers(true), body: JSON.stringify({ color: swatch.dataset.color }) });
    if (response.status === 401) say("This server needs a token: open Token and enter it.");
    else if (!response.ok) say("The color was refused (" + response.status + ").");
  });
}

listen();
setInterval(() => { if (cube.clockOffset !== null) syncClock().catch(() => {}); }, 10000);
