// The RTCPeerConnections of one call, one per other participant's session: offers, answers, ICE candidates (queued
// until the remote description is set) and our microphone and camera on every connection.

/** The connections of one call; calls.js decides who offers to whom, this carries it out. */
export class PeerMesh {
  /**
   * @param deps PeerConnection: the RTCPeerConnection class; iceServers; local: {audio, video} tracks (null when
   *   off), read at every (re)attach; send(sessionId, kind, payload): a call.signal; onChange().
   */
  constructor(deps) {
    this.deps = deps;
    this.peers = new Map(); // sessionId → {sessionId, userId, pc, queued, remoteSet, stream, state}
  }

  /** We are the newer participant: we make the connection and offer. */
  async offerTo(sessionId, userId) {
    const peer = this.peer(sessionId, userId);
    const pc = this.connect(peer);
    // one audio and one video transceiver, both ways, from the start: camera on/off is then a replaceTrack
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    pc.addTransceiver('video', { direction: 'sendrecv' });
    try {
      await this.attachLocal(pc);
      await pc.setLocalDescription(await pc.createOffer());
      this.send(peer, 'offer', description(pc.localDescription));
    } catch (e) {
      console.warn(`Parley: the offer to ${sessionId} failed`, e);
    }
  }

  /** A call.signal from another participant's session. */
  async signalled(fromSessionId, fromUserId, kind, payload) {
    const peer = this.peer(fromSessionId, fromUserId);
    try {
      if (kind === 'candidate') {
        if (peer.remoteSet) await peer.pc.addIceCandidate(payload);
        else peer.queued.push(payload); // ICE cannot take it before the remote description
      } else if (kind === 'offer') {
        const pc = this.connect(peer);
        await pc.setRemoteDescription(payload);
        await this.remoteSet(peer);
        await this.attachLocal(pc);
        await pc.setLocalDescription(await pc.createAnswer());
        this.send(peer, 'answer', description(pc.localDescription));
      } else if (kind === 'answer' && peer.pc) {
        await peer.pc.setRemoteDescription(payload);
        await this.remoteSet(peer);
      }
    } catch (e) {
      console.warn(`Parley: the call signal ${kind} from ${fromSessionId} failed`, e);
    }
  }

  /** Puts the current local tracks (camera turned on or off) on every connection. */
  async reattach() {
    await Promise.all([...this.peers.values()].filter((p) => p.pc).map((p) => this.attachLocal(p.pc)));
  }

  close(sessionId) {
    const peer = this.peers.get(sessionId);
    if (!peer) return;
    peer.pc?.close();
    this.peers.delete(sessionId);
  }

  closeAll() {
    [...this.peers.keys()].forEach((sessionId) => this.close(sessionId));
  }

  /** [{sessionId, userId, pc}] of the connections made so far. */
  connections() {
    return [...this.peers.values()].filter((p) => p.pc).map(({ sessionId, userId, pc }) => ({ sessionId, userId, pc }));
  }

  peer(sessionId, userId) {
    let peer = this.peers.get(sessionId);
    if (!peer) {
      peer = { sessionId, userId, pc: null, queued: [], remoteSet: false, stream: null, state: 'new' };
      this.peers.set(sessionId, peer);
    }
    return peer;
  }

  connect(peer) {
    if (peer.pc) return peer.pc;
    const pc = new this.deps.PeerConnection({ iceServers: this.deps.iceServers });
    peer.pc = pc;
    pc.onicecandidate = (e) => {
      if (e.candidate) this.send(peer, 'candidate', e.candidate.toJSON ? e.candidate.toJSON() : e.candidate);
    };
    pc.ontrack = (e) => {
      peer.stream = peer.stream || new MediaStream();
      peer.stream.addTrack(e.track);
      // a remote camera turned off sends no frames: its track is muted, and the tile shows the avatar again
      e.track.onmute = e.track.onunmute = () => this.deps.onChange();
      this.deps.onChange();
    };
    pc.onconnectionstatechange = () => {
      peer.state = pc.connectionState;
      this.deps.onChange();
    };
    return pc;
  }

  async remoteSet(peer) {
    peer.remoteSet = true;
    for (const candidate of peer.queued.splice(0)) await peer.pc.addIceCandidate(candidate);
  }

  /** Our tracks on every transceiver of a connection (null where there is none: it sends nothing). */
  async attachLocal(pc) {
    const { local } = this.deps;
    await Promise.all(pc.getTransceivers().map((t) => {
      t.direction = 'sendrecv';
      return t.sender.replaceTrack(local[t.receiver.track.kind] || null);
    }));
  }

  send(peer, kind, payload) {
    if (this.peers.get(peer.sessionId) !== peer) return; // closed meanwhile
    this.deps.send(peer.sessionId, kind, payload);
  }
}

/** A plain {type, sdp}: what the other side's setRemoteDescription takes. */
function description(d) {
  return { type: d.type, sdp: d.sdp };
}
