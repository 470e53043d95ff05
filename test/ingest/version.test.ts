import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeDigest } from '../../src/ingest/version.js';
import { ENGINE_VERSION } from '../../src/ingest/index.js';

test('the engine version names the knowledge: editing a data file changes it, nothing else does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-knowledge-'));
  try {
    mkdirSync(join(dir, 'places'));
    writeFileSync(join(dir, 'actors.json'), '{"actors": []}');
    writeFileSync(join(dir, 'places', 'stoplist.txt'), 'Aleppo soap\n');
    const a = knowledgeDigest(dir);
    assert.match(a ?? '', /^[0-9a-f]{12}$/);
    assert.equal(knowledgeDigest(dir), a, 'stable');
    writeFileSync(join(dir, 'places', 'stoplist.txt'), 'Aleppo soap\nDamascus steel\n');
    assert.notEqual(knowledgeDigest(dir), a, 'an analyst edit is a new version');
    assert.equal(knowledgeDigest(join(dir, 'missing')), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.match(ENGINE_VERSION, /\+knowledge\.[0-9a-f]{12}$/);
});
