// Slash commands in the client: which of a channel's commands match what is typed after "/" (the composer lists
// them), and the entries only the caller sees — the command sent and the bot's ephemeral answer (command.response).
// Those live in the channel's timeline in memory only: never stored, gone after a reload.
import { timeline, changed, state } from './store.js';

const NAME_PREFIX = /^\/([A-Za-z0-9_-]{0,32})$/;
const LIST_MAX = 8;
const FRESH_MS = 60_000;

/** The name typed so far while the text is still "/name" with no space (lower-case), else null; "//" is text. */
export function typedPrefix(text) {
  const match = NAME_PREFIX.exec(text ?? '');
  return match ? match[1].toLowerCase() : null;
}

/** The commands whose name starts with the prefix, by name, at most LIST_MAX. */
export function suggestions(commands, prefix) {
  return commands.filter((c) => c.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name)).slice(0, LIST_MAX);
}

/** What picking a command puts in the composer. */
export function completion(command) {
  return `/${command.name} `;
}

/** A channel's commands from GET /api/channels/{id}/commands, asked again after a minute; load(id) → {commands}. */
export class CommandCatalog {
  constructor(load, now = () => Date.now()) {
    this.load = load;
    this.now = now;
    this.byChannel = new Map(); // channelId → {at, commands, pending}
  }

  /** The commands known now (possibly none yet); asks the server when they are missing or stale. */
  get(channelId, onLoaded = () => {}) {
    const known = this.byChannel.get(channelId);
    if (!known || (!known.pending && this.now() - known.at > FRESH_MS)) {
      const entry = { at: this.now(), commands: known?.commands ?? [], pending: true };
      this.byChannel.set(channelId, entry);
      this.load(channelId).then((body) => {
        entry.commands = body.commands ?? [];
        onLoaded(entry.commands);
      }, () => {}).finally(() => { entry.pending = false; entry.at = this.now(); });
    }
    return this.byChannel.get(channelId).commands;
  }
}

/**
 * The send of a command was answered {invocationId, command}: its pending copy becomes a note only the caller sees
 * (no seq: it stays where it was, after what was loaded when it was sent).
 */
export function invoked(channelId, clientMsgId, ok) {
  const t = timeline(channelId);
  const pending = t.byKey.get(clientMsgId);
  if (!pending) return;
  t.byKey.delete(clientMsgId);
  const key = `invocation:${ok.invocationId}`;
  t.byKey.set(key, { ...pending, key, id: null, pending: false, failed: false, ephemeral: true,
    invocationId: ok.invocationId, command: ok.command, afterSeq: afterSeqOf(channelId) });
  changed('timeline');
}

/** A command.response event: the bot's ephemeral answer, shown in its channel to this user only. */
export function answered(d) {
  if (!d?.channelId || !d.invocationId || !state.channels.has(d.channelId)) return;
  const t = timeline(d.channelId);
  const key = `answer:${d.invocationId}`;
  if (t.byKey.has(key)) return; // the same event twice
  t.byKey.set(key, { key, id: null, channelId: d.channelId, senderId: d.botId, text: d.text, attachments: [],
    reactions: {}, createdAt: new Date().toISOString(), sentAt: Date.now(), ephemeral: true, answer: true,
    invocationId: d.invocationId, command: d.command, afterSeq: afterSeqOf(d.channelId) });
  changed('timeline');
}

/** Removes an entry only the caller sees. */
export function dismiss(channelId, key) {
  if (timeline(channelId).byKey.get(key)?.ephemeral) {
    timeline(channelId).byKey.delete(key);
    changed('timeline');
  }
}

/** Between the newest channel event applied so far and the next one. */
function afterSeqOf(channelId) {
  return (state.cursors.get(channelId) ?? 0) + 0.5;
}
