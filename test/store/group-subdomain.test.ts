/** The group's APIG subdomain: its migration on an existing workspace file, and the store's rule for it. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src-main/store/migrations';
import { openWithMigrations, WorkspaceStore } from '../../src-main/store/workspace-store';
import { issueAt, issuesOf, openTemp, tempDbFile, track } from './helpers';

describe('group subdomain', () => {
  it('the subdomain migration gives the groups of an older workspace an empty subdomain, which a later write keeps', () => {
    const file = tempDbFile();
    // Found by name: the migration's number changes when branches merge.
    const subdomain = migrations.find((m) => m.name.includes('subdomain'))!;
    openWithMigrations(file, migrations.filter((m) => m.version < subdomain.version)).close();
    const db = new Database(file);
    db.prepare("INSERT INTO groups (id, name, created_at, updated_at) VALUES ('g1', 'old_group', '2024-01-01', '2024-01-01')").run();
    db.close();
    const store = track(WorkspaceStore.open(file));
    expect(store.groups.getByName('old_group')!.subdomain).toBe('');
    store.groups.update('g1', { subdomain: 'abc.apic.cn-north-4.huaweicloudapis.com' });
    store.close();
    const again = track(WorkspaceStore.open(file));
    expect(again.groups.get('g1')!.subdomain).toBe('abc.apic.cn-north-4.huaweicloudapis.com');
  });

  it('a subdomain is a host name with an optional port, as a file host is', () => {
    const store = openTemp();
    expect(store.groups.create({ name: 'with_port', subdomain: 'api.example.com:8443' }).subdomain).toBe('api.example.com:8443');
    for (const bad of ['https://api.example.com', 'api.example.com/v1', '*.example.com', 'a b.com']) {
      expect(issueAt(issuesOf(() => store.groups.create({ name: 'bad_group', subdomain: bad })), 'subdomain').rule).toBe('pattern');
    }
  });
});
