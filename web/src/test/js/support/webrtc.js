// WebRTC as far as calls.js and callmesh.js use it, as plain objects the test drives: a peer connection that records
// descriptions, transceivers and candidates (and refuses a candidate before the remote description, as browsers do),
// media tracks, getUserMedia, and the server's side of the call ops.

export class FakeTrack {
  constructor(kind) {
    this.kind = kind;
    this.enabled = true;
    this.stopped = false;
  }

  stop() {
    this.stopped = true;
  }
}

class FakeTransceiver {
  constructor(kind, direction) {
    this.receiver = { track: new FakeTrack(kind) };
    this.direction = direction;
    this.sender = { track: null, replaceTrack: async (track) => { this.sender.track = track; } };
  }

  get kind() {
    return this.receiver.track.kind;
  }
}

export class FakePeerConnection {
  static instances = [];

  constructor(config) {
    this.config = config;
    this.transceivers = [];
    this.localDescription = null;
    this.remoteDescription = null;
    this.connectionState = 'new';
    this.candidates = [];
    this.closed = false;
    FakePeerConnection.instances.push(this);
  }

  addTransceiver(kind, init) {
    const t = new FakeTransceiver(kind, init.direction);
    this.transceivers.push(t);
    return t;
  }

  getTransceivers() {
    return this.transceivers;
  }

  async createOffer() {
    return { type: 'offer', sdp: `offer(${this.transceivers.map((t) => t.kind)})` };
  }

  async createAnswer() {
    if (this.remoteDescription?.type !== 'offer') throw new Error('InvalidStateError: no offer to answer');
    return { type: 'answer', sdp: `answer(${this.transceivers.map((t) => t.kind)})` };
  }

  async setLocalDescription(d) {
    this.localDescription = { ...d, toJSON: () => 'not plain' };
  }

  async setRemoteDescription(d) {
    this.remoteDescription = d;
    // an offer brings its media sections: the answering side gets a receive-only transceiver for each
    if (d.type === 'offer' && !this.transceivers.length) {
      ['audio', 'video'].forEach((kind) => this.addTransceiver(kind, { direction: 'recvonly' }));
    }
  }

  async addIceCandidate(candidate) {
    if (!this.remoteDescription) throw new Error('InvalidStateError: the remote description is not set');
    this.candidates.push(candidate);
  }

  close() {
    this.closed = true;
    this.connectionState = 'closed';
  }

  // --- what the browser does on its own ---

  gather(candidate) {
    this.onicecandidate({ candidate: { toJSON: () => candidate } });
  }

  connected() {
    this.connectionState = 'connected';
    this.onconnectionstatechange();
  }

  /** The sending track of the first transceiver of this kind. */
  sending(kind) {
    return this.transceivers.find((t) => t.kind === kind)?.sender.track ?? null;
  }
}

globalThis.MediaStream ??= class {
  constructor() {
    this.tracks = [];
  }

  addTrack(track) {
    this.tracks.push(track);
  }
};

/** getUserMedia handing out new fake tracks; `tracks` lists them all, `refuse` makes it fail (no device). */
export function fakeMedia() {
  const media = {
    tracks: [],
    refuse: false,
    getUserMedia: async (constraints) => {
      if (media.refuse) throw new Error('NotFoundError');
      const made = ['audio', 'video'].filter((k) => constraints[k]).map((k) => new FakeTrack(k));
      media.tracks.push(...made);
      return {
        getAudioTracks: () => made.filter((t) => t.kind === 'audio'),
        getVideoTracks: () => made.filter((t) => t.kind === 'video'),
      };
    },
  };
  return media;
}

/**
 * The server's side of the call ops: records every request; answers each op with the function given for it
 * (d → answer; a thrown or returned {code} is an error), `{}` for ops without one.
 */
export function fakeServer(handlers = {}) {
  const server = {
    requests: [],
    request: async (op, d) => {
      server.requests.push({ op, d });
      const answer = handlers[op] ? await handlers[op](d) : {};
      if (answer?.code) throw Object.assign(new Error(answer.code), answer);
      return answer;
    },
    sent: (op) => server.requests.filter((r) => r.op === op).map((r) => r.d),
  };
  return server;
}
