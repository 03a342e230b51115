// Writing a message: text, reply-to, attachments with upload progress; sends typing while the user types; after a
// "/" it lists the channel's slash commands (name, usage, description), and picking one completes it.
import { el, mount, formatSize } from '../dom.js';
import { state, on, nameOf } from '../store.js';
import * as api from '../api.js';
import * as activity from '../activity.js';
import { outbox } from '../outbox.js';
import { notify } from '../notices.js';
import { typedPrefix, suggestions, completion, CommandCatalog } from '../slash.js';

const MAX_ATTACHMENTS = 10;

export function mountComposer(root) {
  let replyTo = null;
  let uploads = []; // {file, progress, media, error}
  const drafts = new Map(); // channelId → unsent text

  const input = el('textarea', { id: 'composer-input', rows: 1, maxlength: 4000, placeholder: 'Write a message…',
    'aria-label': 'Message' });
  // visually hidden rather than `hidden`: the 📎 button opens it, and automation can still hand it a file
  const fileInput = el('input', { id: 'composer-file', type: 'file', multiple: true, class: 'visually-hidden', tabindex: -1,
    onchange: () => { [...fileInput.files].forEach(startUpload); fileInput.value = ''; } });
  const extras = el('div', { class: 'composer-extras' });
  const sendButton = el('button', { id: 'composer-send', class: 'primary send', type: 'submit', title: 'Send' }, 'Send');

  const catalog = new CommandCatalog(api.channelCommands);
  const commandList = el('ul', { id: 'composer-commands', class: 'slash-commands', role: 'listbox',
    'aria-label': 'Slash commands', hidden: true });
  let offered = [];
  let highlighted = 0;

  /** The commands matching what is typed, or none once the name is complete (a space) or the text is not a command. */
  function offerCommands() {
    const prefix = typedPrefix(input.value);
    const channelId = state.activeChannelId;
    offered = prefix == null || !channelId ? []
      : suggestions(catalog.get(channelId, () => { if (state.activeChannelId === channelId) offerCommands(); }), prefix);
    highlighted = Math.min(highlighted, Math.max(0, offered.length - 1));
    commandList.hidden = !offered.length;
    mount(commandList, offered.map((c, i) => el('li', { class: `slash-command${i === highlighted ? ' active' : ''}`,
      role: 'option', 'aria-selected': i === highlighted ? 'true' : 'false', 'data-command': c.name,
      onmousedown: (e) => { e.preventDefault(); pick(c); } },
    el('span', { class: 'slash-name', text: `/${c.name}` }),
    c.usage ? el('span', { class: 'slash-usage', text: ` ${c.usage}` }) : null,
    el('span', { class: 'slash-description muted', text: c.description }))));
  }

  function pick(command) {
    input.value = completion(command);
    offered = [];
    commandList.hidden = true;
    input.focus();
  }

  input.addEventListener('input', () => {
    autosize();
    offerCommands();
    if (input.value.trim() && state.activeChannelId) activity.typing(state.activeChannelId);
  });
  input.addEventListener('keydown', (e) => {
    if (offered.length && ['ArrowDown', 'ArrowUp'].includes(e.key)) {
      e.preventDefault();
      highlighted = (highlighted + (e.key === 'ArrowDown' ? 1 : offered.length - 1)) % offered.length;
      offerCommands();
      return;
    }
    if (offered.length && (e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey && !e.isComposing))) {
      e.preventDefault();
      pick(offered[highlighted]);
      return;
    }
    if (offered.length && e.key === 'Escape') {
      offered = [];
      commandList.hidden = true;
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
    if (e.key === 'Escape' && replyTo) setReply(null);
  });
  input.addEventListener('paste', (e) => [...(e.clipboardData?.files || [])].forEach(startUpload));

  const form = el('form', { class: 'composer-form', onsubmit: (e) => { e.preventDefault(); submit(); } },
    commandList,
    extras,
    el('div', { class: 'composer-row' },
      el('button', { id: 'composer-attach', class: 'icon attach', type: 'button', title: 'Attach files',
        onclick: () => fileInput.click() }, '📎'),
      input, fileInput, sendButton));

  function autosize() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  function submit() {
    const channelId = state.activeChannelId;
    const text = input.value.trim();
    if (!channelId) return;
    if (uploads.some((u) => !u.media && !u.error)) {
      notify('Wait for the uploads to finish', { kind: 'info', ms: 3000 });
      return;
    }
    const attachments = uploads.filter((u) => u.media).map((u) => u.media);
    if (!text && !attachments.length) return;
    outbox.send(channelId, text, { replyTo: replyTo?.id, attachments });
    input.value = '';
    offerCommands();
    drafts.delete(channelId);
    uploads = [];
    setReply(null);
    autosize();
  }

  function startUpload(file) {
    if (uploads.length >= MAX_ATTACHMENTS) {
      notify(`At most ${MAX_ATTACHMENTS} attachments per message`);
      return;
    }
    const upload = { file, progress: 0, media: null, error: null };
    uploads.push(upload);
    renderExtras();
    api.upload(file, (p) => { upload.progress = p; renderExtras(); })
      .then((media) => { upload.media = media; })
      .catch((e) => { upload.error = e; notify(e); })
      .finally(renderExtras);
  }

  function setReply(message) {
    replyTo = message;
    renderExtras();
    if (message) input.focus();
  }

  function renderExtras() {
    mount(extras,
      replyTo ? el('div', { class: 'replying' }, '↩ Replying to ', el('strong', { text: nameOf(replyTo.senderId) }), ': ',
        el('span', { class: 'muted', text: (replyTo.text || 'attachment').slice(0, 80) }),
        el('button', { class: 'link', type: 'button', title: 'Cancel reply', onclick: () => setReply(null) }, '✕')) : null,
      uploads.map((u) => el('div', { class: `upload${u.error ? ' failed' : ''}`, 'data-done': u.media ? 'true' : 'false' },
        el('span', { class: 'upload-name', text: u.file.name }),
        el('span', { class: 'muted', text: formatSize(u.file.size) }),
        u.error ? el('span', { class: 'error', text: 'failed' })
          : el('progress', { max: 1, value: u.media ? 1 : u.progress, 'aria-label': `Uploading ${u.file.name}` }),
        el('button', { class: 'link', type: 'button', title: 'Remove', onclick: () => {
          uploads = uploads.filter((x) => x !== u);
          renderExtras();
        } }, '✕'))));
  }

  // one draft per channel, so switching channels does not lose or misdirect what was typed
  let shown = null;
  on('timeline', () => {
    if (state.activeChannelId === shown) return;
    if (shown) drafts.set(shown, input.value);
    shown = state.activeChannelId;
    input.value = drafts.get(shown) || '';
    offerCommands();
    setReply(null);
    root.hidden = !shown;
    autosize();
    if (shown) input.focus();
  });

  mount(root, form);
  root.hidden = true;
  return { reply: setReply };
}
