// Updates are off in the committed config: the release workflow, not the repository, turns them
// on with the maintainers' public key (README: Updates).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const config = JSON.parse(readFileSync(new URL('../../../tauri.conf.json', import.meta.url), 'utf8'));

describe('the updater config', () => {
  it('ships without a key or an endpoint, so a build from the repository never checks', () => {
    expect(config.plugins.updater.pubkey).toBe('');
    expect(config.plugins.updater.endpoints).toEqual([]);
    expect(config.bundle.createUpdaterArtifacts ?? false).toBe(false);
  });

  it('binds each package signature to the version the manifest announces', () => {
    expect(config.plugins.updater.requireSignedVersion).toBe(true);
  });
});
