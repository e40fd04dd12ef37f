// Where a module's bytes go: `node pkg/scripts/wasm-size.mjs [full|sim|runtime|FILE.wasm] [DEPTH] [TOP] [FILTER]`
// (after `npm --prefix pkg run build`). Reads cargo's output as the build copied it
// (pkg/wasm/full.wasm, sim.wasm, runtime.wasm: before wasm-bindgen and wasm-opt, so the name
// section is there), sums function body sizes by the first DEPTH path segments of each
// function's demangled name (`herald_engine::eval::read` at depth 3), and prints the sections,
// the data segments over 1 KB and the TOP groups. FILTER (a regular expression) keeps only the
// functions whose demangled name (without a leading `<`) matches. Raw bytes: wasm-opt takes about 10% off the code,
// and gzip about two thirds of what is left (docs/wasm.md, "Where the bytes go").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const [which = 'full', depthArg = '2', topArg = '40', filter] = process.argv.slice(2);
const file = which.endsWith('.wasm') ? which : join(pkgDir, 'wasm', `${which}.wasm`);
const bytes = readFileSync(file);

function leb(at) {
    let value = 0;
    let shift = 0;
    for (;;) {
        const b = bytes[at++];
        value += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (b < 0x80) return [value, at];
    }
}

const sections = [];
for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = leb(at + 1);
    let name = String(id);
    if (id === 0) {
        const [len, s] = leb(start);
        name = `custom:${bytes.subarray(s, s + len).toString()}`;
    }
    sections.push({ id, name, start, size });
    at = start + size;
}

let imported = 0;
const names = new Map();
const bodies = [];
const segments = [];
for (const { id, name, start, size } of sections) {
    if (id === 2) {
        let [count, at] = leb(start);
        for (let i = 0; i < count; i++) {
            let len;
            [len, at] = leb(at);
            at += len;
            [len, at] = leb(at);
            at += len;
            const kind = bytes[at++];
            if (kind === 0) {
                imported++;
                [, at] = leb(at);
            } else if (kind === 1) {
                at += 1;
                const flags = bytes[at++];
                [, at] = leb(at);
                if (flags & 1) [, at] = leb(at);
            } else if (kind === 2) {
                const flags = bytes[at++];
                [, at] = leb(at);
                if (flags & 1) [, at] = leb(at);
            } else {
                at += 2;
            }
        }
    } else if (id === 10) {
        let [count, at] = leb(start);
        for (let i = 0; i < count; i++) {
            const [len, body] = leb(at);
            bodies.push(len + (body - at));
            at = body + len;
        }
    } else if (id === 11) {
        let [count, at] = leb(start);
        for (let i = 0; i < count; i++) {
            let flags;
            [flags, at] = leb(at);
            if (flags !== 1) {
                while (bytes[at] !== 0x0b) at++; // the offset expression, up to `end`
                at++;
            }
            const [len, data] = leb(at);
            segments.push(bytes.subarray(data, data + len));
            at = data + len;
        }
    } else if (name === 'custom:name') {
        let [len, at] = leb(start);
        at += len;
        const end = start + size;
        while (at < end) {
            const sub = bytes[at];
            const [subLen, s] = leb(at + 1);
            if (sub === 1) {
                let [count, p] = leb(s);
                for (let i = 0; i < count; i++) {
                    let index;
                    let n;
                    [index, p] = leb(p);
                    [n, p] = leb(p);
                    names.set(index, bytes.subarray(p, p + n).toString());
                    p += n;
                }
            }
            at = s + subLen;
        }
    }
}

/**
 * The identifiers of a v0-mangled name (`_R...`, what build-std's toolchain emits), in order,
 * joined by `::`: crate, modules, type or trait, function. Not a full demangler (generic
 * arguments, back references and impl paths are dropped or flattened), but enough to sum code by
 * crate and module: an instantiation of a generic function counts under the crate that defines
 * the function (`serde_json::de::...` for a derived visitor read by serde_json).
 */
function demangleV0(name) {
    const s = name.replace(/^_?R/, '');
    const parts = [];
    for (let i = 0; i < s.length; ) {
        const c = s[i];
        if (c === 's' || c === 'B') {
            // A disambiguator or a back reference: base-62 digits up to `_`, not a length.
            const end = s.indexOf('_', i);
            i = end < 0 ? s.length : end + 1;
        } else if (/[0-9]/.test(c)) {
            const d = /^(\d+)_?/.exec(s.slice(i));
            const n = Number(d[1]);
            const start = i + d[0].length;
            parts.push(s.slice(start, start + n));
            i = start + n;
        } else {
            i += 1;
        }
    }
    return parts.join('::');
}

/** Rust's legacy mangling (`_ZN...E`) to a path; v0 names (`_R...`) by `demangleV0`. */
function demangle(name) {
    if (/^_?R[A-Z]/.test(name)) return demangleV0(name);
    const m = /^_?ZN(.*)E$/.exec(name);
    if (!m) return name;
    const parts = [];
    let s = m[1];
    for (;;) {
        const d = /^(\d+)/.exec(s);
        if (!d) break;
        const n = Number(d[1]);
        parts.push(s.slice(d[1].length, d[1].length + n));
        s = s.slice(d[1].length + n);
    }
    if (parts.length > 0 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
    const escapes = { $LT$: '<', $GT$: '>', $u20$: ' ', $RF$: '&', $C$: ',', $BP$: '*', $u7b$: '{', $u7d$: '}', $u5b$: '[', $u5d$: ']', $u27$: "'", $u3b$: ';' };
    return parts
        .join('::')
        .replace(/\$(LT|GT|u20|RF|C|BP|u7b|u7d|u5b|u5d|u27|u3b)\$/g, (e) => escapes[e])
        .replaceAll('..', '::')
        .replace(/^_/, '');
}

/** The name without the leading `<`, `&` and `mut ` of trait impls (`<T as Trait>::f` is T's). */
const plain = (name) => name.replace(/^[<&_]+/, '').replace(/^mut /, '').replace(/^[<&]+/, '');

function group(name, depth) {
    return plain(name).split(/::|<| as |>/).slice(0, depth).join('::');
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log(`${file}: ${bytes.length} B raw, ${gzipSync(bytes, { level: 9 }).length} B gzipped (name section included)`);
for (const s of sections) console.log(`  section ${s.name.padEnd(28)} ${String(s.size).padStart(9)} B`);
const big = segments.filter((d) => d.length >= 1024);
console.log(`data segments over 1 KB (raw, gzipped alone): ${big.map((d) => `${kb(d.length)}/${kb(gzipSync(d, { level: 9 }).length)}`).join(', ')}`);

const pattern = filter ? new RegExp(filter) : null;
const totals = new Map();
let total = 0;
bodies.forEach((size, i) => {
    const name = demangle(names.get(imported + i) ?? `function ${i}`);
    if (pattern && !pattern.test(plain(name))) return;
    const key = group(name, Number(depthArg));
    totals.set(key, (totals.get(key) ?? 0) + size);
    total += size;
});
console.log(`code${filter ? ` matching /${filter}/` : ''}: ${total} B in ${bodies.length} functions`);
for (const [key, size] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
    console.log(`${String(size).padStart(9)}  ${key}`);
}
