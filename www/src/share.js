// Share links: the document, deflate-compressed and base64url-encoded, in the URL fragment
// (`#doc=...`). Browsers never send the fragment to a server.
//
// Inflating is bounded: a link is a few hundred kilobytes at most, but deflate packs 200 MB of
// spaces into 272 KB, so the reader stops as soon as the output passes the engine's input limit
// (`limits().maxInputBytes`, 16 MiB) and refuses the link.

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The link's problem, as the page words it. */
export class ShareLinkError extends Error {
  constructor(message, kind) {
    super(message);
    this.kind = kind; // 'damaged' | 'too-large'
  }
}

/** `#doc=<deflate-raw, base64url>` for a document. */
export async function encodeFragment(text) {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return `#doc=${toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()))}`;
}

/** True when a fragment carries a document (whether or not it can be read). */
export function isDocFragment(hash) {
  return typeof hash === 'string' && hash.startsWith('#doc=');
}

/**
 * The document in a `#doc=` fragment, or null when the fragment holds none. Throws a
 * ShareLinkError when it is damaged, or when it would inflate past `maxBytes`.
 */
export async function decodeFragment(hash, maxBytes) {
  if (!isDocFragment(hash)) return null;
  const m = /^#doc=([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) throw new ShareLinkError('it has characters a share link never has', 'damaged');
  let packed;
  try {
    packed = fromBase64Url(m[1]);
  } catch {
    throw new ShareLinkError('it is not valid base64url', 'damaged');
  }
  const reader = new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new ShareLinkError(`it unpacks to more than ${(maxBytes / 1048576).toFixed(0)} MiB, the most a description may have`, 'too-large');
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof ShareLinkError) throw e;
    throw new ShareLinkError('its compressed data is cut off or corrupt', 'damaged');
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareLinkError('it does not hold UTF-8 text', 'damaged');
  }
}
