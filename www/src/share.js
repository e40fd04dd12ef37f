// The draft in localStorage, the share link (the journey in the URL's hash) and the download.

const DRAFT_KEY = 'herald.editor.draft';
const SAMPLE_KEY = 'herald.editor.sample';

function toBase64Url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

async function pipe(bytes, stream) {
    const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
    return new Uint8Array(await response.arrayBuffer());
}

/**
 * The hash of a share link: `#z=` and the journey deflated (where the browser has
 * CompressionStream), or `#j=` and its UTF-8 bytes, both base64url.
 */
export async function shareHash(source) {
    const bytes = new TextEncoder().encode(source);
    if (typeof CompressionStream === 'function') {
        return `#z=${toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')))}`;
    }
    return `#j=${toBase64Url(bytes)}`;
}

/** What the page's hash holds: `{ source }`, `{ example }` or null. Throws on a damaged link. */
export async function readHash(hash) {
    const params = new URLSearchParams(hash.replace(/^#/, ''));
    if (params.has('z')) {
        const bytes = await pipe(fromBase64Url(params.get('z')), new DecompressionStream('deflate-raw'));
        return { source: new TextDecoder().decode(bytes) };
    }
    if (params.has('j')) return { source: new TextDecoder().decode(fromBase64Url(params.get('j'))) };
    if (params.has('example')) return { example: params.get('example') };
    return null;
}

export function loadDraft() {
    try {
        return JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null');
    } catch {
        return null;
    }
}

export function saveDraft(draft) {
    try {
        localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
        return true;
    } catch {
        return false; // storage full or disabled: the editor goes on without a draft
    }
}

export function loadSample() {
    try {
        return JSON.parse(localStorage.getItem(SAMPLE_KEY) ?? 'null');
    } catch {
        return null;
    }
}

export function saveSample(sample) {
    try {
        localStorage.setItem(SAMPLE_KEY, JSON.stringify(sample));
    } catch {
        // as above
    }
}

/** Offers the journey as a `.herald` file named after its first journey id. */
export function download(source) {
    const id = (source.match(/\bjourney\s+"([^"]+)"/) ?? [])[1] ?? 'journey';
    const name = `${id.replace(/[^A-Za-z0-9_-]+/g, '_')}.herald`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return name;
}
