// Entry point: picks the screen (sign-in, chat, session ended) and wires the views to the chat engine.
import * as auth from './auth.js';
import * as api from './api.js';
import * as chat from './chat.js';
import * as activity from './activity.js';
import { $ } from './dom.js';
import { state, rememberUser } from './store.js';
import { notify } from './notices.js';
import { replacesEnd } from './errors.js';
import { showLogin } from './views/login.js';
import { mountStatus, showEnded } from './views/status.js';
import { mountSidebar } from './views/sidebar.js';
import { mountHeader } from './views/header.js';
import { mountMessages } from './views/messages.js';
import { mountComposer } from './views/composer.js';
import { mountPanel } from './views/panel.js';
import { mountCallBar, mountIncomingCalls } from './views/call.js';
import { createChannelDialog, browseDialog, pickPersonDialog } from './views/dialogs.js';

const screens = ['login-screen', 'chat-screen', 'ended-screen'];

function showScreen(id) {
  screens.forEach((s) => { $(`#${s}`).hidden = s !== id; });
}

function signInScreen(notice) {
  showScreen('login-screen');
  showLogin($('#login-screen'), startChat, notice);
}

// the page is reloaded on sign-out and after an ended session, so no state of the old user survives
const restart = () => location.reload();

let endedWith = null;

function endedScreen(code) {
  if (!replacesEnd(code, endedWith)) return;
  endedWith = code;
  chat.stop();
  auth.forget();
  showScreen('ended-screen');
  showEnded($('#ended-screen'), code, restart);
}

function startChat() {
  state.me = auth.user(); // the views below show who is signed in from their first render
  rememberUser(state.me);
  showScreen('chat-screen');
  const openChannel = (id) => {
    chat.open(id);
    history.replaceState(null, '', `#${id}`);
  };
  const panel = mountPanel($('#side-panel'), { open: openChannel });
  mountSidebar($('#sidebar'), {
    open: openChannel,
    createChannel: () => createChannelDialog((c) => { joinedLocally(c); openChannel(c.id); }),
    browse: () => browseDialog((c) => { joinedLocally(c); openChannel(c.id); }),
    newDm: () => pickPersonDialog('Message someone', 'Message', async (user) => {
      rememberUser(user);
      const channel = await api.openDm(user.id);
      joinedLocally({ ...channel, peerId: user.id });
      openChannel(channel.id);
    }),
    signOut: async () => {
      chat.stop();
      await auth.signOut();
      restart();
    },
  });
  const joinCall = (channelId) => chat.calls.join(channelId).catch(notify);
  mountHeader($('#channel-header'), $('#typing'), {
    invite: () => pickPersonDialog('Invite to the channel', 'Invite', async (user) => {
      rememberUser(user);
      await api.invite(state.activeChannelId, user.id);
      notify(`${user.displayName || user.username} was added`, { kind: 'info', ms: 3000 });
    }),
    leave: async () => {
      if (!confirm('Leave this channel?')) return;
      try {
        await api.leaveChannel(state.activeChannelId);
      } catch (e) {
        notify(e);
      }
    },
    toggleMembers: () => { panel.toggleMembers(); activity.watchPresence(); },
    search: (text) => panel.search(text),
    call: () => joinCall(state.activeChannelId),
    callState: (channelId) => ({
      inCall: chat.calls.call?.channelId === channelId,
      joining: chat.calls.joining === channelId,
      count: chat.calls.channels.get(channelId)?.participants.size || 0,
    }),
  });
  const composer = mountComposer($('#composer'));
  mountMessages($('#message-list'), { onReply: composer.reply });
  mountStatus($('#connection-banner'), $('#notices'), () => chat.socket.reconnectNow());
  chat.start(endedScreen);
  mountCallBar($('#call-bar'), chat.calls, { open: openChannel });
  mountIncomingCalls($('#incoming-calls'), chat.calls, { join: (channelId) => { openChannel(channelId); joinCall(channelId); } });
  // for tests and debugging: the call and its RTCPeerConnections (docs/web-client.md, "Calls")
  window.parleyCalls = chat.calls;
  const fromUrl = location.hash.slice(1);
  if (fromUrl) chat.open(fromUrl);
}

/** A channel we just created or joined appears at once; the list fetched after it brings the exact unread count. */
function joinedLocally(channel) {
  chat.adoptChannel(channel);
  chat.refreshChannels();
}

auth.onEnded(() => endedScreen(4001));

(async () => {
  // back from a provider's sign-in: the fragment goes from the address bar at once (no reload or history replays it)
  const fromProvider = await auth.finishProviderSignIn(location.hash,
    () => history.replaceState(null, '', location.pathname + location.search));
  if (fromProvider?.signedIn || (!fromProvider && await auth.resume())) startChat();
  else signInScreen(fromProvider?.error);
})();
