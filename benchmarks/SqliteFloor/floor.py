#!/usr/bin/env python3
"""The SQLite floor of a server add: what SQLite alone spends per added server, with no .NET at all.

Runs the statements an add writes (the server row with its full-text trigger, its approved snapshot, its audit event)
as prepared statements on a copy of a seeded benchmark database, in transactions of N servers (each in its own
savepoint, as the group commit runs them), and prints the process's CPU time per server. Variants drop the full-text
trigger or the secondary indexes to show what each costs. See docs/performance.md, round 8.

    dotnet run -c Release --project benchmarks/Api -- --servers 100000 --keep-db ...   # keeps a seeded file
    python3 benchmarks/SqliteFloor/floor.py SEEDED.db [servers-per-transaction ...]

FLOOR_VARIANTS (comma-separated, default full,no-fts,no-fts-no-indexes) picks the variants: full (the file as it is),
no-fts, no-fts-no-indexes, fts-detail-X (the search index made again by 'rebuild' with detail=X), and any of them
followed by +automerge-N, +crisismerge-N, +usermerge-N or +pgsz-N (that FTS5 setting). See docs/performance.md, round 10.
"""
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid

CONFIG = ('{"config":{"url":"https://mcp0.example.com/mcp","type":"streamable_http","headers":{"Authorization":"'
          + 'x' * 150 + '"}},"oauth_config":{"enabled":true,"OAUTH_CLIENT_SECRET":"' + 'y' * 150 + '"}}')
INDEXES = ['IX_registry_servers_RegistryId_CreatedAt_SavedName_ServerVersion', 'IX_registry_servers_RegistryId_IsActive_SavedName',
           'IX_registry_servers_RegistryId_ReviewStatus', 'IX_registry_servers_RegistryId_UpdatedAt_SavedName_ServerVersion']


def run(seeded, variant, per_transaction, servers=6400):
    handle, path = tempfile.mkstemp(suffix='.db')
    os.close(handle)
    shutil.copy(seeded, path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL')
    db.execute('PRAGMA synchronous=FULL')
    db.execute('PRAGMA temp_store=MEMORY')
    if 'no-fts' in variant:
        db.execute('DROP TRIGGER registry_servers_search_ai')
    if 'fts-detail-' in variant:
        detail = variant.split('fts-detail-')[1].split('+')[0]
        db.executescript(f'''
            DROP TABLE registry_servers_search;
            CREATE VIRTUAL TABLE registry_servers_search USING fts5(SearchText, content='registry_servers', content_rowid='rowid', tokenize='trigram', detail={detail});
            INSERT INTO registry_servers_search(registry_servers_search) VALUES ('rebuild');''')
    if 'no-indexes' in variant:
        for index in INDEXES:
            db.execute(f'DROP INDEX "{index}"')
    for part in variant.split('+'):
        if part.startswith(('automerge-', 'crisismerge-', 'usermerge-', 'pgsz-')):
            option, value = part.split('-')
            db.execute(f"INSERT INTO registry_servers_search(registry_servers_search, rank) VALUES ('{option}', {int(value)})")
    registry = db.execute('SELECT "Id" FROM registries LIMIT 1').fetchone()[0]
    audit_columns = [row[1] for row in db.execute('PRAGMA table_info(audit_events)')]
    folded = ['EntityNameFolded', 'ActorFolded'] if 'ActorFolded' in audit_columns else []
    audit_sql = ('INSERT INTO audit_events ("Id","ProjectId","At","Actor","Channel","Action","EntityType","EntityId","EntityName","Revision","ChangesJson"'
                 + ''.join(f',"{c}"' for c in folded) + ') VALUES (?,?,?,?,?,?,?,?,?,?,?' + ',?' * len(folded) + ')')
    now = '2026-12-02 00:00:00.000000'
    start_cpu, start = resource.getrusage(resource.RUSAGE_SELF), time.time()
    for first in range(0, servers, per_transaction):
        db.execute('BEGIN IMMEDIATE')
        for i in range(first, first + per_transaction):
            server_id, name = str(uuid.uuid4()), f'floor-{variant}-{i}'
            db.execute('SAVEPOINT group_save')
            db.execute('INSERT INTO registry_servers ("Id","RegistryId","SavedName","ServerVersion","ServerName","Description","McpConfigJson","Transport",'
                       '"SearchText","IsActive","IsSample","ReviewStatus","ApprovedRevision","Revision","CreatedAt","UpdatedAt","CreatedBy","UpdatedBy","PendingAuthorsJson") '
                       "VALUES (?,?,?,'v1',?,?,?,'remote',?,1,0,'approved',1,1,?,?,'bench','bench','[]')",
                       (server_id, registry, name, f'@vendor/mcp-{i}', f'Benchmark server {i} for the tools of family {i}', CONFIG,
                        f'{name}\n@vendor/mcp-{i}\nbenchmark server {i} for the tools of family {i}', now, now))
            db.execute('INSERT INTO server_snapshots ("Id","ServerId","Revision","ServerName","Description","McpConfigJson","ApprovedAt","AuthorsJson") '
                       "VALUES (?,?,1,?,?,?,?,'[]')", (str(uuid.uuid4()), server_id, f'@vendor/mcp-{i}', 'description', CONFIG, now))
            db.execute(audit_sql, (str(uuid.uuid4()), 'project', now, 'admin', 'api', 'server.add', 'server', server_id, name, 1, CONFIG)
                       + tuple([name, 'admin'][:len(folded)]))
            db.execute('RELEASE group_save')
        db.execute('COMMIT')
    end_cpu, end = resource.getrusage(resource.RUSAGE_SELF), time.time()
    db.close()
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    cpu = (end_cpu.ru_utime - start_cpu.ru_utime) + (end_cpu.ru_stime - start_cpu.ru_stime)
    user = end_cpu.ru_utime - start_cpu.ru_utime
    print(f'{variant:22s} {per_transaction:4d} a transaction: {1e6 * cpu / servers:6.1f} us CPU a server '
          f'(user {1e6 * user / servers:5.1f}, system {1e6 * (cpu - user) / servers:5.1f}), wall {1e6 * (end - start) / servers:6.1f} us')


if __name__ == '__main__':
    seeded = sys.argv[1]
    for per_transaction in [int(a) for a in sys.argv[2:]] or [7, 100]:
        for variant in os.environ.get('FLOOR_VARIANTS', 'full,no-fts,no-fts-no-indexes').split(','):
            run(seeded, variant, per_transaction)
