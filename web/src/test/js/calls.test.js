// calls.js and callmesh.js: who offers to whom (the newer participant, to everyone already in the call: no glare),
// ICE candidates held until the remote description is set, connections closed when participants leave or move,
// mute and camera without renegotiation, and a call that survives a reconnect only while the server still lists us.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS, settle } from './support/browser.js';
import { FakePeerConnection, fakeMedia, fakeServer } from './support/webrtc.js';

const { CallEngine } = await import(new URL('calls.js', JS).href);

const CH = 'c1';
const CALL = 'call-1';
const ICE = [{ urls: ['stun:stun.example.org:3478'] }];
const participant = (userId, sessionId) => ({ userId, sessionId, joinedAt: '2026-01-01T00:00:00Z' });
const callOf = (...participants) => ({ callId: CALL, channelId: CH, startedAt: '2026-01-01T00:00:00Z',
  startedBy: participants[0]?.userId, participants });
const signal = (from, kind, payload, extra = {}) => ({ channelId: CH, callId: CALL, fromUserId: from.userId,
  fromSessionId: from.sessionId, kind, payload, ...extra });

const ME = participant('me', 's-me');
const ANN = participant('ann', 's-ann');
const BOB = participant('bob', 's-bob');

/** An engine on socket s-me; call.join answers with `inCall` (ME added last, as the newest). */
function engineFor(t, { inCall = [], handlers = {} } = {}) {
  FakePeerConnection.instances.length = 0;
  const media = fakeMedia();
  const notices = [];
  t.mock.method(console, 'warn', () => {});
  const server = fakeServer({
    'call.join': () => ({ call: callOf(...inCall, ME), iceServers: ICE }),
    'call.get': () => ({ call: callOf(...inCall, ME) }),
    ...handlers,
  });
  let sessionId = ME.sessionId;
  const engine = new CallEngine({
    request: server.request,
    sessionId: () => sessionId,
    userId: () => ME.userId,
    getUserMedia: media.getUserMedia,
    PeerConnection: FakePeerConnection,
    notify: (n) => notices.push(n),
  });
  return { engine, server, media, notices, newSocket: (id) => { sessionId = id; } };
}

const signalsTo = (server, sessionId, kind) => server.sent('call.signal')
  .filter((d) => d.toSessionId === sessionId && (!kind || d.kind === kind));
const pcOf = (engine, sessionId) => engine.peerConnections().find((p) => p.sessionId === sessionId)?.pc;

test('the newer joiner offers to everyone already in the call, with its microphone and the ICE servers it was given', async (t) => {
  const { engine, server, media } = engineFor(t, { inCall: [ANN, BOB] });
  await engine.join(CH);
  await settle();
  assert.deepEqual(server.sent('call.join'), [{ channelId: CH }]);
  assert.deepEqual(engine.peerConnections().map((p) => p.sessionId).sort(), ['s-ann', 's-bob'], 'not to itself');
  for (const other of [ANN, BOB]) {
    const offers = signalsTo(server, other.sessionId, 'offer');
    assert.equal(offers.length, 1);
    assert.deepEqual(offers[0], { channelId: CH, toSessionId: other.sessionId, kind: 'offer',
      payload: { type: 'offer', sdp: 'offer(audio,video)' } }, 'a plain {type, sdp}');
    const pc = pcOf(engine, other.sessionId);
    assert.deepEqual(pc.config, { iceServers: ICE });
    assert.equal(pc.sending('audio'), media.tracks[0], 'the microphone goes on the audio sender');
    assert.equal(pc.sending('video'), null, 'the camera is off at first');
    assert.ok(pc.transceivers.every((tr) => tr.direction === 'sendrecv'));
  }
});

test('those already in the call do not offer to a newcomer: its offer makes the connection and they answer it', async (t) => {
  const { engine, server, media } = engineFor(t);
  await engine.join(CH);
  engine.onEvent('call.joined', { channelId: CH, callId: CALL, ...ANN });
  await settle();
  assert.equal(engine.peerConnections().length, 0);
  assert.equal(server.sent('call.signal').length, 0, 'no offer from the older participant: no glare');
  assert.ok(engine.call.participants.has('s-ann'));

  engine.onEvent('call.signal', signal(ANN, 'offer', { type: 'offer', sdp: 'ann-offer' }));
  await settle();
  const pc = pcOf(engine, 's-ann');
  assert.deepEqual(pc.remoteDescription, { type: 'offer', sdp: 'ann-offer' });
  assert.deepEqual(signalsTo(server, 's-ann').map((d) => [d.kind, d.payload]),
    [['answer', { type: 'answer', sdp: 'answer(audio,video)' }]]);
  assert.equal(pc.sending('audio'), media.tracks[0], 'our microphone on the transceiver the offer brought');
  assert.ok(pc.transceivers.every((tr) => tr.direction === 'sendrecv'), 'both ways, so the camera can go on later');
});

test('candidates that come before the remote description wait, then are added in order; later ones at once', async (t) => {
  const { engine, server } = engineFor(t);
  await engine.join(CH);
  const c = (n) => ({ candidate: `candidate:${n}`, sdpMid: '0', sdpMLineIndex: 0 });
  // the candidates overtake the offer (another path through the server): they must not be lost
  engine.onEvent('call.signal', signal(ANN, 'candidate', c(1)));
  engine.onEvent('call.signal', signal(ANN, 'candidate', c(2)));
  await settle();
  engine.onEvent('call.signal', signal(ANN, 'offer', { type: 'offer', sdp: 'ann-offer' }));
  await settle();
  const pc = pcOf(engine, 's-ann');
  assert.deepEqual(pc.candidates, [c(1), c(2)]);
  engine.onEvent('call.signal', signal(ANN, 'candidate', c(3)));
  await settle();
  assert.deepEqual(pc.candidates, [c(1), c(2), c(3)]);
  assert.equal(signalsTo(server, 's-ann', 'answer').length, 1);
});

test('on the offering side, candidates before the answer wait too; our own candidates go to that session only', async (t) => {
  const { engine, server } = engineFor(t, { inCall: [ANN, BOB] });
  await engine.join(CH);
  await settle();
  const pc = pcOf(engine, 's-ann');
  pc.gather({ candidate: 'candidate:mine', sdpMid: '0', sdpMLineIndex: 0 });
  await settle();
  assert.deepEqual(signalsTo(server, 's-ann', 'candidate').map((d) => d.payload),
    [{ candidate: 'candidate:mine', sdpMid: '0', sdpMLineIndex: 0 }]);
  assert.equal(signalsTo(server, 's-bob', 'candidate').length, 0);

  engine.onEvent('call.signal', signal(ANN, 'candidate', { candidate: 'candidate:ann' }));
  await settle();
  assert.deepEqual(pc.candidates, []);
  engine.onEvent('call.signal', signal(ANN, 'answer', { type: 'answer', sdp: 'ann-answer' }));
  await settle();
  assert.deepEqual(pc.remoteDescription, { type: 'answer', sdp: 'ann-answer' });
  assert.deepEqual(pc.candidates, [{ candidate: 'candidate:ann' }]);
});

test('a participant leaving closes its connection and only its; the call bar still lists the others', async (t) => {
  const { engine } = engineFor(t, { inCall: [ANN, BOB] });
  await engine.join(CH);
  await settle();
  const ann = pcOf(engine, 's-ann');
  const bob = pcOf(engine, 's-bob');
  engine.onEvent('call.left', { channelId: CH, callId: CALL, ...ANN, reason: 'left' });
  assert.equal(ann.closed, true);
  assert.equal(bob.closed, false);
  assert.deepEqual(engine.peerConnections().map((p) => p.sessionId), ['s-bob']);
  assert.deepEqual([...engine.call.participants.keys()].sort(), ['s-bob', 's-me']);
  assert.deepEqual([...engine.channels.get(CH).participants.keys()].sort(), ['s-bob', 's-me']);
});

test('call.left `moved`: the old session\'s connection closes and the new session\'s offer makes a new one', async (t) => {
  const { engine, server } = engineFor(t, { inCall: [ANN] });
  await engine.join(CH);
  await settle();
  const old = pcOf(engine, 's-ann');
  const annAgain = participant('ann', 's-ann-2');
  engine.onEvent('call.left', { channelId: CH, callId: CALL, ...ANN, reason: 'moved' });
  engine.onEvent('call.joined', { channelId: CH, callId: CALL, ...annAgain });
  engine.onEvent('call.signal', signal(annAgain, 'offer', { type: 'offer', sdp: 'ann-from-her-new-socket' }));
  await settle();
  assert.equal(old.closed, true);
  const renewed = pcOf(engine, 's-ann-2');
  assert.notEqual(renewed, old);
  assert.deepEqual(renewed.remoteDescription, { type: 'offer', sdp: 'ann-from-her-new-socket' });
  assert.equal(signalsTo(server, 's-ann-2', 'answer').length, 1);
  assert.deepEqual(engine.peerConnections().map((p) => p.sessionId), ['s-ann-2']);
});

test('mute toggles the microphone track\'s enabled: no new offer, no new track', async (t) => {
  const { engine, server, media } = engineFor(t, { inCall: [ANN] });
  await engine.join(CH);
  await settle();
  const mic = media.tracks[0];
  engine.toggleMute();
  assert.equal(mic.enabled, false);
  assert.equal(engine.call.muted, true);
  engine.toggleMute();
  assert.equal(mic.enabled, true);
  assert.equal(signalsTo(server, 's-ann', 'offer').length, 1, 'only the first offer');
  assert.equal(media.tracks.length, 1);
  assert.equal(pcOf(engine, 's-ann').sending('audio'), mic);
});

test('camera on puts one video track on every connection; off stops it (the light goes out) and sends nothing', async (t) => {
  const { engine, server, media } = engineFor(t, { inCall: [ANN, BOB] });
  await engine.join(CH);
  await settle();
  await engine.toggleCamera();
  const camera = media.tracks.find((tr) => tr.kind === 'video');
  assert.ok(camera);
  for (const s of ['s-ann', 's-bob']) assert.equal(pcOf(engine, s).sending('video'), camera);
  await engine.toggleCamera();
  assert.equal(camera.stopped, true);
  for (const s of ['s-ann', 's-bob']) assert.equal(pcOf(engine, s).sending('video'), null);
  assert.equal(server.sent('call.signal').filter((d) => d.kind === 'offer').length, 2, 'no renegotiation');
});

test('leave: call.leave sent, every connection closed, microphone and camera released', async (t) => {
  const { engine, server, media } = engineFor(t, { inCall: [ANN] });
  await engine.join(CH);
  await engine.toggleCamera();
  await settle();
  const pc = pcOf(engine, 's-ann');
  await engine.leave();
  assert.deepEqual(server.sent('call.leave'), [{ channelId: CH }]);
  assert.equal(pc.closed, true);
  assert.ok(media.tracks.every((tr) => tr.stopped));
  assert.equal(engine.call, null);
});

test('call.ended, or our own session leaving (moved to another tab), ends the call here', async (t) => {
  const { engine, media, notices } = engineFor(t, { inCall: [ANN] });
  await engine.join(CH);
  await settle();
  engine.onEvent('call.left', { channelId: CH, callId: CALL, ...ME, reason: 'moved' });
  assert.equal(engine.call, null);
  assert.equal(media.tracks[0].stopped, true);
  assert.deepEqual(notices, ['The call continues in another window']);

  await engine.join(CH);
  await settle();
  const pc = pcOf(engine, 's-ann');
  engine.onEvent('call.ended', { channelId: CH, callId: CALL, reason: 'empty' });
  assert.equal(engine.call, null);
  assert.equal(pc.closed, true);
  assert.equal(engine.channels.has(CH), false, 'the header shows no call');
});

test('events of another call, or of another channel, change nothing in ours', async (t) => {
  const { engine } = engineFor(t, { inCall: [ANN] });
  await engine.join(CH);
  await settle();
  engine.onEvent('call.left', { channelId: CH, callId: 'older-call', ...ANN, reason: 'left' });
  engine.onEvent('call.ended', { channelId: 'c2', callId: 'call-2', reason: 'empty' });
  engine.onEvent('call.signal', signal(BOB, 'offer', { type: 'offer', sdp: 'x' }, { callId: 'older-call' }));
  await settle();
  assert.deepEqual(engine.peerConnections().map((p) => [p.sessionId, p.pc.closed]), [['s-ann', false]]);
});

test('an offer that arrives before our own call.join answer is answered once we are in', async (t) => {
  let release;
  const { engine, server } = engineFor(t, { handlers: {
    'call.join': () => new Promise((resolve) => { release = () => resolve({ call: callOf(ME), iceServers: [] }); }),
  } });
  const joining = engine.join(CH);
  await settle();
  engine.onEvent('call.signal', signal(ANN, 'offer', { type: 'offer', sdp: 'quick' }));
  await settle();
  assert.equal(server.sent('call.signal').length, 0);
  release();
  await joining;
  await settle();
  assert.equal(signalsTo(server, 's-ann', 'answer').length, 1);
});

test('a signal answered NOT_FOUND (that session left) closes that connection', async (t) => {
  const { engine } = engineFor(t, { inCall: [ANN], handlers: {
    'call.signal': (d) => (d.toSessionId === 's-ann' ? { code: 'NOT_FOUND' } : {}),
  } });
  await engine.join(CH);
  await settle();
  assert.deepEqual(engine.peerConnections(), []);
});

test('a refused call.join leaves no call and releases the microphone', async (t) => {
  const { engine, media } = engineFor(t, { handlers: { 'call.join': () => ({ code: 'CONFLICT', message: 'call full' }) } });
  await assert.rejects(engine.join(CH), { code: 'CONFLICT' });
  assert.equal(engine.call, null);
  assert.equal(engine.joining, null);
  assert.equal(media.tracks[0].stopped, true);
});

test('no microphone: we still join, listening only, and say so', async (t) => {
  const { engine, media, notices, server } = engineFor(t, { inCall: [ANN] });
  media.refuse = true;
  await engine.join(CH);
  await settle();
  assert.equal(notices.length, 1);
  assert.equal(pcOf(engine, 's-ann').sending('audio'), null);
  assert.equal(signalsTo(server, 's-ann', 'offer').length, 1);
});

test('after a reconnect, still listed: join again from the new socket and offer anew, same microphone, still muted', async (t) => {
  const { engine, server, media, newSocket } = engineFor(t, { inCall: [ANN] });
  await engine.join(CH);
  await settle();
  engine.toggleMute();
  const old = pcOf(engine, 's-ann');
  newSocket('s-me-2');
  await engine.resume();
  await settle();
  assert.deepEqual(server.sent('call.get'), [{ channelId: CH }]);
  assert.equal(server.sent('call.join').length, 2);
  assert.equal(old.closed, true);
  const renewed = pcOf(engine, 's-ann');
  assert.notEqual(renewed, old);
  assert.equal(signalsTo(server, 's-ann', 'offer').length, 2);
  assert.equal(engine.call.sessionId, 's-me-2');
  assert.equal(media.tracks.length, 1, 'the same microphone');
  assert.equal(renewed.sending('audio'), media.tracks[0]);
  assert.equal(media.tracks[0].enabled, false);
  assert.equal(engine.call.muted, true);
  // the server moved us: the call.left of our old session is not about this socket
  engine.onEvent('call.left', { channelId: CH, callId: CALL, userId: 'me', sessionId: 's-me', reason: 'moved' });
  assert.notEqual(engine.call, null);
});

test('after a reconnect past the grace period (no longer listed): the call is over here, nothing joined again', async (t) => {
  const { engine, server, media, notices } = engineFor(t, { inCall: [ANN], handlers: {
    'call.get': () => ({ call: callOf(ANN, BOB) }),
  } });
  await engine.join(CH);
  await settle();
  await engine.resume();
  assert.equal(engine.call, null);
  assert.equal(server.sent('call.join').length, 1);
  assert.equal(media.tracks[0].stopped, true);
  assert.deepEqual(notices, ['You were disconnected from the call']);
});

test('call.ringing (a DM) is shown until we join, dismiss it, the call ends, or a minute passes', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { engine } = engineFor(t);
  const ring = { channelId: 'dm1', callId: 'call-dm', from: 'ann' };
  engine.onEvent('call.ringing', ring);
  assert.deepEqual(engine.ringing.get('dm1'), ring);
  engine.dismiss('dm1');
  assert.equal(engine.ringing.size, 0);

  engine.onEvent('call.ringing', ring);
  engine.onEvent('call.ended', { channelId: 'dm1', callId: 'call-dm', reason: 'empty' });
  assert.equal(engine.ringing.size, 0);

  engine.onEvent('call.ringing', ring);
  engine.onEvent('call.joined', { channelId: 'dm1', callId: 'call-dm', userId: 'me', sessionId: 's-other-tab' });
  assert.equal(engine.ringing.size, 0, 'answered from another tab');

  engine.onEvent('call.ringing', ring);
  t.mock.timers.tick(59_000);
  assert.equal(engine.ringing.size, 1);
  t.mock.timers.tick(1_000);
  assert.equal(engine.ringing.size, 0);
});

test('the header knows the calls going on: call.started, joined, left, ended, and call.get for an opened channel', async (t) => {
  const { engine } = engineFor(t, { handlers: { 'call.get': () => ({ call: callOf(ANN, BOB) }) } });
  engine.onEvent('call.started', { channelId: 'c2', callId: 'call-2', startedBy: 'bob', startedAt: 'now' });
  engine.onEvent('call.joined', { channelId: 'c2', callId: 'call-2', ...BOB });
  assert.deepEqual([...engine.channels.get('c2').participants.keys()], ['s-bob']);
  engine.onEvent('call.left', { channelId: 'c2', callId: 'call-2', ...BOB, reason: 'left' });
  engine.onEvent('call.ended', { channelId: 'c2', callId: 'call-2', reason: 'empty' });
  assert.equal(engine.channels.has('c2'), false);
  await engine.refresh(CH);
  assert.deepEqual([...engine.channels.get(CH).participants.keys()], ['s-ann', 's-bob']);
});
