// Files behind the bearer token: <img src> and <a href> cannot send Authorization, and tokens stay out of URLs, so
// bytes are fetched with the header and shown through object URLs.
import * as api from './api.js';
import { el } from './dom.js';
import { notify } from './notices.js';

const urls = new Map(); // path → Promise<object URL>
const ACCESS_RETRIES = 5;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An object URL for a media path, fetched once. */
export function mediaUrl(path) {
  if (!urls.has(path)) {
    const loading = fetchWithRetry(path).then((blob) => URL.createObjectURL(blob));
    loading.catch(() => urls.delete(path));
    urls.set(path, loading);
  }
  return urls.get(path);
}

async function fetchWithRetry(path) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.mediaBlob(path);
    } catch (e) {
      // a recipient's read access follows the message through media-service a moment later: NOT_FOUND can be brief
      if (e.code !== 'NOT_FOUND' && e.code !== 'UNAVAILABLE') throw e;
      if (attempt >= ACCESS_RETRIES) throw e;
      await sleep(500 * 2 ** attempt);
    }
  }
}

const isImage = (a) => /^image\/(png|jpeg|gif|webp|bmp)$/.test(a.contentType || '');

/** An attachment as a thumbnail (images) or a download link (anything else). */
export function attachmentView(attachment, formatSize) {
  if (isImage(attachment)) {
    const img = el('img', { class: 'thumb', alt: attachment.name, title: attachment.name, loading: 'lazy' });
    const link = el('button', { class: 'thumb-link', type: 'button', title: `Open ${attachment.name}`,
      onclick: () => openFile(attachment) }, img);
    mediaUrl(`/api/media/${attachment.id}/thumbnail?size=320`)
      .then((url) => { img.src = url; img.classList.add('loaded'); })
      .catch(() => link.replaceWith(fileLink(attachment, formatSize)));
    return link;
  }
  return fileLink(attachment, formatSize);
}

function fileLink(attachment, formatSize) {
  return el('button', { class: 'file', type: 'button', onclick: () => download(attachment) },
    el('span', { class: 'file-icon', 'aria-hidden': 'true', text: '📄' }),
    el('span', { class: 'file-name', text: attachment.name }),
    el('span', { class: 'file-size', text: formatSize(attachment.size || 0) }));
}

async function openFile(attachment) {
  try {
    window.open(await mediaUrl(`/api/media/${attachment.id}`), '_blank', 'noopener');
  } catch (e) {
    notify(e);
  }
}

async function download(attachment) {
  try {
    const url = await mediaUrl(`/api/media/${attachment.id}`);
    el('a', { href: url, download: attachment.name }).click();
  } catch (e) {
    notify(e);
  }
}
