// The journeys registry: one Durable Object (named "registry") holding every published version
// of the journeys source. Versions are numbered 1, 2, 3...; a version is never changed or
// deleted, so a profile's Durable Object may cache a compiled version forever. Publishing is
// checked by the Worker before it reaches here: what is stored here always compiles.
import { DurableObject } from 'cloudflare:workers';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS versions (
    version INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    meta TEXT NOT NULL
);`;

export class Journeys extends DurableObject {
    constructor(ctx, env) {
        super(ctx, env);
        this.sql = ctx.storage.sql;
        this.sql.exec(SCHEMA);
    }

    /** `{version, ...meta}` of the newest version, or `{version: 0}` when nothing is published. */
    current() {
        const row = this.sql.exec('SELECT version, meta FROM versions ORDER BY version DESC LIMIT 1').toArray()[0];
        return row ? { version: row.version, ...JSON.parse(row.meta) } : { version: 0 };
    }

    /** `{version, source, ...meta}` of one version, or null. */
    get(version) {
        const row = this.sql.exec('SELECT version, source, meta FROM versions WHERE version = ?', version).toArray()[0];
        return row ? { version: row.version, source: row.source, ...JSON.parse(row.meta) } : null;
    }

    /**
     * Stores a new version. `expected` (from If-Match) must be the current version when given:
     * `{conflict: current}` otherwise. The same source as the current version publishes nothing
     * new (`unchanged: true`), so a retried PUT does not bump the version.
     */
    publish(source, meta, expected) {
        const current = this.current();
        if (expected !== undefined && expected !== current.version) return { conflict: current.version };
        if (current.version > 0 && current.sha256 === meta.sha256) return { ...current, unchanged: true };
        const version = current.version + 1;
        this.sql.exec('INSERT INTO versions (version, source, meta) VALUES (?, ?, ?)', version, source, JSON.stringify(meta));
        return { version, ...meta };
    }
}
