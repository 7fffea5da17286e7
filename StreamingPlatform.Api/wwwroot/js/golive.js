// Go live from the browser: the camera is drawn onto a canvas (so switching cameras does not change the recorded track,
// which would stop MediaRecorder), MediaRecorder sends chunks over a WebSocket to the Api, and the Api publishes them to
// nginx as an ordinary broadcast. The stream key travels only in the socket's first message; it is kept where the user
// chose: this page's memory, the tab (sessionStorage) or the device (localStorage).
const $ = (id) => document.getElementById(id);
const channelInput = $("channel");
const keyInput = $("key");
const keep = $("keep");
const preview = $("preview");
const StorageName = "goLive";
const ChunkMilliseconds = 250;
const RetryMilliseconds = 2000;
// A broadcast that drops (the Api restarted, the network changed) is continued by a publish within the server's reconnect
// grace window (30 s by default); the old connection's lease (15 s) must run out first.
const RetryForMilliseconds = 40000;
const MimeTypes = ["video/webm;codecs=h264,opus", "video/webm;codecs=vp8,opus", "video/webm", "video/mp4;codecs=avc1,mp4a.40.2", "video/mp4"];
const FatalReasons = ["missing_key", "wrong_key", "unknown_channel", "rate_limited", "busy"];

// Read by the tests, handy in a debugger.
window.goLive = { state: "offline", live: false, session: null, sent: 0, mimeType: null, messages: [] };

let facing = "user";
let camera = null;
let audioTrack = null;
let drawing = 0;
let socket = null;
let recorder = null;
let wanted = false;
let wasLive = false;
let retryUntil = 0;
let lastMessage = null;

const canvas = document.createElement("canvas");
const context = canvas.getContext("2d");

function restore() {
  const stored = localStorage.getItem(StorageName) ?? sessionStorage.getItem(StorageName);
  if (!stored) return;
  const { channel, key } = JSON.parse(stored);
  channelInput.value = channel ?? "";
  keyInput.value = key ?? "";
  keep.value = localStorage.getItem(StorageName) ? "device" : "tab";
}

function remember() {
  localStorage.removeItem(StorageName);
  sessionStorage.removeItem(StorageName);
  const value = JSON.stringify({ channel: channelInput.value, key: keyInput.value });
  if (keep.value === "device") localStorage.setItem(StorageName, value);
  if (keep.value === "tab") sessionStorage.setItem(StorageName, value);
}

function show(state, message) {
  window.goLive.state = state;
  $("state").textContent = state;
  $("state").className = state === "live" ? "badge" : "badge behind";
  $("message").textContent = message ?? "";
  $("message").className = state === "refused" ? "error" : "muted";
  $("start").hidden = wanted;
  $("stop").hidden = !wanted;
}

async function openCamera() {
  camera?.getTracks().forEach((track) => track.stop());
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: facing, width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
    audio: audioTrack ? false : { echoCancellation: true, noiseSuppression: true },
  });
  audioTrack ??= stream.getAudioTracks()[0] ?? null;
  camera = new MediaStream(stream.getVideoTracks());
  preview.srcObject = camera;
  await preview.play().catch(() => {});
  const { width, height } = camera.getVideoTracks()[0].getSettings();
  // The recorded picture keeps the first camera's size; another camera is fitted into it.
  if (!canvas.dataset.sized) {
    [canvas.width, canvas.height] = [width || preview.videoWidth || 1280, height || preview.videoHeight || 720];
    canvas.dataset.sized = "yes";
  }
}

function draw() {
  if (!preview.videoWidth) return;
  const scale = Math.min(canvas.width / preview.videoWidth, canvas.height / preview.videoHeight);
  const [w, h] = [preview.videoWidth * scale, preview.videoHeight * scale];
  context.fillStyle = "#000";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(preview, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
}

function outgoingStream() {
  clearInterval(drawing);
  drawing = setInterval(draw, 1000 / 30);
  const tracks = canvas.captureStream(30).getVideoTracks();
  return new MediaStream(audioTrack ? [...tracks, audioTrack] : tracks);
}

function connect() {
  lastMessage = null;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/api/streams/${encodeURIComponent(channelInput.value)}/golive`);
  socket.onopen = () => socket.send(JSON.stringify({ key: keyInput.value }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    window.goLive.messages.push({ type: message.type, reason: message.reason });
    if (message.type === "accepted") {
      startRecorder();
      show("connecting", "Starting the broadcast…");
    } else if (message.type === "live") {
      wasLive = true;
      retryUntil = 0;
      Object.assign(window.goLive, { live: true, session: message.detail });
      show("live", `Live: viewers watch at ${location.origin}/watch/${channelInput.value}`);
    } else {
      lastMessage = message;
    }
  };
  socket.onclose = () => {
    stopRecorder();
    closed();
  };
}

function closed() {
  window.goLive.live = false;
  if (!wanted) {
    show("offline", lastMessage?.type === "ended" ? "Broadcast ended; its video appears on the home page shortly." : "");
    return;
  }

  const fatal = !lastMessage ? !wasLive : FatalReasons.includes(lastMessage.reason) || !wasLive;
  if (fatal) {
    wanted = false;
    show("refused", lastMessage?.detail ?? "Could not connect to the server.");
    return;
  }

  retryUntil ||= Date.now() + RetryForMilliseconds;
  if (Date.now() > retryUntil) {
    wanted = false;
    show("refused", `The connection dropped and could not be restored: ${lastMessage?.detail ?? "the server is unreachable"}`);
    return;
  }

  show("reconnecting", "Connection lost; reconnecting…");
  setTimeout(() => wanted && connect(), RetryMilliseconds);
}

function startRecorder() {
  const mimeType = MimeTypes.find((type) => MediaRecorder.isTypeSupported(type)) ?? "";
  window.goLive.mimeType = mimeType;
  recorder = new MediaRecorder(outgoingStream(), { mimeType, videoBitsPerSecond: 2_500_000, audioBitsPerSecond: 128_000 });
  const connection = socket;
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0 && connection.readyState === WebSocket.OPEN) {
      connection.send(event.data);
      window.goLive.sent += event.data.size;
    }
  };
  // The last chunk comes before onstop: the server then finishes the publish and closes the socket.
  recorder.onstop = () => connection.readyState === WebSocket.OPEN && connection.send(JSON.stringify({ type: "stop" }));
  recorder.start(ChunkMilliseconds);
}

function stopRecorder() {
  clearInterval(drawing);
  if (recorder?.state === "recording") recorder.stop();
  recorder = null;
}

$("start").onclick = () => {
  if (!$("setup").reportValidity()) return;
  remember();
  wanted = true;
  wasLive = false;
  retryUntil = 0;
  $("watch-link").href = `/watch/${channelInput.value}`;
  show("connecting", "Checking the key…");
  connect();
};

$("stop").onclick = () => {
  wanted = false;
  show("stopping", "Ending the broadcast…");
  if (recorder?.state === "recording") recorder.stop();
  else socket?.close();
};

$("switch").onclick = async () => {
  facing = facing === "user" ? "environment" : "user";
  try {
    await openCamera();
  } catch (error) {
    facing = facing === "user" ? "environment" : "user";
    $("message").textContent = `No other camera: ${error.message}`;
    await openCamera();
  }
};

$("mute").onclick = () => {
  if (!audioTrack) return;
  audioTrack.enabled = !audioTrack.enabled;
  $("mute").textContent = audioTrack.enabled ? "Mute" : "Unmute";
  $("mute").setAttribute("aria-pressed", String(!audioTrack.enabled));
};

// Closing the page ends the broadcast (the server sees the socket go), and its VOD is made.
window.addEventListener("pagehide", () => socket?.close());
channelInput.oninput = () => ($("watch-link").href = `/watch/${channelInput.value}`);

restore();
if (!navigator.mediaDevices?.getUserMedia || !window.MediaRecorder) {
  $("unsupported").textContent = !window.isSecureContext
    ? "The camera needs a secure page: open this page over https:// (see HTTPS in the docs)."
    : "This browser cannot record the camera (no MediaRecorder).";
  $("unsupported").hidden = false;
  $("start").disabled = true;
} else {
  openCamera().catch((error) => {
    $("unsupported").textContent = `No camera: ${error.message}`;
    $("unsupported").hidden = false;
  });
}
show("offline");
