// Calls (docs/protocol.md, "Calls"): the signalling state machine; callmesh.js holds the RTCPeerConnections. Parley
// carries no media: it tells us who is in the call and relays offers, answers and ICE candidates between sockets.
//
// Who offers: the newer participant offers to everyone already in the call (the ones its call.join answer lists),
// and the others only answer, so two peers never offer to each other at once (no glare). A participant that moves to
// a new socket (reconnect, another tab) is a newer participant again: the others close the connection of its old
// session on call.left `moved` and answer the offer from its new one.

import { PeerMesh } from './callmesh.js';

const SIGNAL_KINDS = new Set(['offer', 'answer', 'candidate']);
const RING_MS = 60_000;

/** One call at a time for this client; the calls going on in other channels are known for the header. */
export class CallEngine {
  /**
   * @param deps request(op, d): a socket request (resolves with the ok's d, rejects with a ParleyError);
   *   sessionId(): the current socket's hello.sessionId; userId(): the signed-in user; getUserMedia(constraints);
   *   PeerConnection: the RTCPeerConnection class; onChange(): something shown changed; notify(textOrError).
   */
  constructor(deps) {
    this.deps = { onChange: () => {}, notify: () => {}, ...deps };
    this.call = null; // the call we are in: see begin()
    this.joining = null; // the channelId while a call.join is on its way
    this.early = []; // call.signal frames that came while joining, applied once the answer is in
    this.channels = new Map(); // channelId → {callId, startedBy, startedAt, participants: Map sessionId → participant}
    this.ringing = new Map(); // channelId → call.ringing's d, until joined, dismissed or ended
  }

  /** Starts the channel's call or joins it: microphone first (the browser may ask), then call.join. */
  async join(channelId) {
    if (this.call?.channelId === channelId || this.joining) return;
    if (this.call) await this.leave();
    this.joining = channelId;
    this.early = [];
    this.changed();
    let audio = null;
    try {
      audio = (await this.deps.getUserMedia({ audio: true })).getAudioTracks()[0] || null;
    } catch {
      this.deps.notify('No microphone available: you join the call listening only');
    }
    let answer;
    try {
      answer = await this.deps.request('call.join', { channelId });
    } catch (e) {
      audio?.stop();
      this.joining = null;
      this.changed();
      throw e;
    }
    this.joining = null;
    this.ringing.delete(channelId);
    this.begin(answer, { audio, video: null }, false);
  }

  /** In the call: we offer to everyone its answer lists (we are the newest), and wait for offers from later ones. */
  begin({ call, iceServers }, local, muted) {
    const { channelId, callId } = call;
    const mesh = new PeerMesh({
      PeerConnection: this.deps.PeerConnection,
      iceServers: iceServers || [],
      local,
      send: (toSessionId, kind, payload) => this.deps.request('call.signal', { channelId, toSessionId, kind, payload })
        .catch((e) => {
          // that session is no longer in the call: its call.left is on its way, or was missed
          if (e.code === 'NOT_FOUND') mesh.close(toSessionId);
        }),
      onChange: () => this.changed(),
    });
    this.call = { channelId, callId, sessionId: this.deps.sessionId(), participants: new Map(), mesh, local, muted };
    this.known(call);
    for (const p of call.participants) {
      this.call.participants.set(p.sessionId, p);
      if (p.sessionId !== this.call.sessionId) mesh.offerTo(p.sessionId, p.userId);
    }
    const early = this.early;
    this.early = [];
    early.forEach((d) => this.signalled(d));
    this.changed();
  }

  /** Leaves the call (the server's answer does not matter: we are out either way). */
  async leave() {
    if (!this.call) return;
    const { channelId } = this.call;
    this.end();
    await this.deps.request('call.leave', { channelId }).catch(() => {});
  }

  /** Mute keeps the track and its sender: the peers get silence at once, no renegotiation. */
  toggleMute() {
    if (!this.call) return;
    this.call.muted = !this.call.muted;
    if (this.call.local.audio) this.call.local.audio.enabled = !this.call.muted;
    this.changed();
  }

  /** Camera on asks for a video track and puts it on every peer's video sender; off stops it (the light goes out). */
  async toggleCamera() {
    const call = this.call;
    if (!call) return;
    let track = null;
    if (call.local.video) {
      call.local.video.stop();
    } else {
      try {
        track = (await this.deps.getUserMedia({ video: true })).getVideoTracks()[0] || null;
      } catch (e) {
        this.deps.notify('The camera is not available');
        return;
      }
      if (this.call !== call) return track?.stop();
    }
    call.local.video = track;
    await call.mesh.reattach();
    this.changed();
  }

  /** The peer connections, for the page's tests and for debugging (window.parleyCalls.peerConnections()). */
  peerConnections() {
    return this.call ? this.call.mesh.connections() : [];
  }

  /** A call event from the socket (call.*). */
  onEvent(type, d) {
    switch (type) {
      case 'call.started':
        this.known({ ...d, participants: [] });
        break;
      case 'call.joined':
        this.joined(d);
        break;
      case 'call.left':
        this.left(d);
        break;
      case 'call.ended':
        this.channels.delete(d.channelId);
        this.ringing.delete(d.channelId);
        if (this.call?.channelId === d.channelId && this.call.callId === d.callId) this.end();
        break;
      case 'call.ringing':
        if (this.call?.channelId !== d.channelId) this.ring(d);
        break;
      case 'call.signal':
        if (this.joining === d.channelId) this.early.push(d);
        else this.signalled(d);
        break;
      default:
        return;
    }
    this.changed();
  }

  /** The incoming-call notice of a DM; it goes by itself after a minute if nobody answers it. */
  ring(d) {
    this.ringing.set(d.channelId, d);
    setTimeout(() => {
      if (this.ringing.get(d.channelId) === d) this.dismiss(d.channelId);
    }, RING_MS);
  }

  dismiss(channelId) {
    this.ringing.delete(channelId);
    this.changed();
  }

  /** Asks whether a call is going on in a channel (an opened channel; events are not replayed). */
  async refresh(channelId) {
    try {
      const { call } = await this.deps.request('call.get', { channelId });
      if (call) this.known(call);
      else this.channels.delete(channelId);
      this.changed();
    } catch {
      // not a member any more, or the socket is down: the header just shows no call
    }
  }

  /**
   * After the socket came back (a new session): still listed in the call, we join again from this socket (the
   * server moves us; we offer anew to everyone); dropped meanwhile (the grace period passed), the call is over for us.
   */
  async resume() {
    const call = this.call;
    if (!call) return;
    let current = null;
    try {
      current = (await this.deps.request('call.get', { channelId: call.channelId })).call;
    } catch {
      // unknown: treat as gone, the person can join again from the header
    }
    if (this.call !== call) return;
    const stillIn = current?.callId === call.callId
      && current.participants.some((p) => p.userId === this.deps.userId());
    if (!stillIn) {
      this.end();
      this.deps.notify('You were disconnected from the call');
      return;
    }
    const { local } = call; // the same microphone and camera go on in the call from this socket
    call.mesh.closeAll();
    this.call = null;
    this.joining = call.channelId;
    this.early = [];
    try {
      this.begin(await this.deps.request('call.join', { channelId: call.channelId }), local, call.muted);
    } catch (e) {
      local.audio?.stop();
      local.video?.stop();
      this.deps.notify(e);
    } finally {
      this.joining = null;
      this.changed();
    }
  }

  // --- events ---

  known(call) {
    const participants = new Map((call.participants || []).map((p) => [p.sessionId, p]));
    const before = this.channels.get(call.channelId);
    if (before?.callId === call.callId && !call.participants?.length) return;
    this.channels.set(call.channelId, { callId: call.callId, startedBy: call.startedBy, startedAt: call.startedAt, participants });
  }

  joined(d) {
    if (!this.channels.has(d.channelId)) this.known({ ...d, participants: [] });
    this.channels.get(d.channelId).participants.set(d.sessionId, d);
    if (d.userId === this.deps.userId()) this.ringing.delete(d.channelId);
    // the newcomer offers to us: we only note it, its offer creates the connection
    if (this.call?.channelId === d.channelId && d.callId === this.call.callId) this.call.participants.set(d.sessionId, d);
  }

  left(d) {
    this.channels.get(d.channelId)?.participants.delete(d.sessionId);
    const call = this.call;
    if (call?.channelId !== d.channelId || call.callId !== d.callId) return;
    if (d.sessionId === call.sessionId) {
      this.end();
      this.deps.notify(LEFT_BECAUSE[d.reason] || 'You left the call', { kind: 'info' });
      return;
    }
    // `moved`: the person is back on another socket and offers from there; this connection is stale either way
    call.participants.delete(d.sessionId);
    call.mesh.close(d.sessionId);
  }

  signalled(d) {
    const call = this.call;
    if (!call || d.channelId !== call.channelId || d.callId !== call.callId || !SIGNAL_KINDS.has(d.kind)) return;
    call.mesh.signalled(d.fromSessionId, d.fromUserId, d.kind, d.payload);
  }

  /** Out of the call locally: every connection closed, the microphone and camera released. */
  end() {
    if (!this.call) return;
    this.call.mesh.closeAll();
    this.call.local.audio?.stop();
    this.call.local.video?.stop();
    this.call = null;
    this.changed();
  }

  changed() {
    this.deps.onChange();
  }
}

const LEFT_BECAUSE = {
  moved: 'The call continues in another window',
  banned: 'You were removed from the call',
  removed: 'You are no longer a member of this channel: you left its call',
  disconnected: 'You were disconnected from the call',
};
