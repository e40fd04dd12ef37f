// A static file server for www/dist on 127.0.0.1 (what scripts/run.sh and the end-to-end tests
// use; the editor needs no server of its own). `node scripts/serve.mjs [--port N]`.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
    '.map': 'application/json',
};

/** Serves `root` on 127.0.0.1:`port` (0: any free port); resolves `{ url, close() }`. */
export function serve(root, port = 0) {
    const server = createServer(async (request, response) => {
        let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
        if (path.endsWith('/')) path += 'index.html';
        const file = normalize(join(root, path));
        if (!file.startsWith(root + sep)) {
            response.writeHead(403).end();
            return;
        }
        try {
            const body = await readFile(file);
            response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
            response.end(body);
        } catch {
            response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        }
    });
    return new Promise((resolve, reject) => {
        server.on('error', reject);
        server.listen(port, '127.0.0.1', () => {
            resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) });
        });
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const portArg = process.argv.indexOf('--port');
    const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
    const root = join(fileURLToPath(new URL('..', import.meta.url)), 'dist');
    const { url } = await serve(root, port);
    console.log(`herald editor: ${url}/#example=cart_abandonment (Ctrl+C stops it)`);
}
