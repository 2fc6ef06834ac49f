/**
 * The package installs and runs the same way on Linux (x64, arm64) and macOS: no dependency is
 * tied to one platform unless npm may skip it there, and npm scripts get Node 22 for the platform
 * they run on (the `node` package picks its binary at install time).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string }; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { os?: string[]; cpu?: string[]; optional?: boolean }> };

describe('the package on every platform', () => {
  it('says which Node it needs: 22 or newer, as the deploy runtime and the Google clients do', () => {
    expect(manifest.engines?.node).toBe('>=22');
  });

  it('has no platform-bound package that npm ci could not skip elsewhere', () => {
    const bound = Object.entries(lock.packages).filter(([, entry]) => (entry.os !== undefined || entry.cpu !== undefined) && entry.optional !== true);
    expect(bound.map(([name, entry]) => `${name} (${[...(entry.os ?? []), ...(entry.cpu ?? [])].join(', ')})`)).toEqual([]);
  });

  it('gives npm scripts a Node 22 built for this platform', () => {
    expect(manifest.devDependencies.node).toMatch(/^22\./);
    const node = join(root, 'node_modules', '.bin', 'node');
    const reported = execFileSync(node, ['-p', 'process.version + " " + process.platform + "-" + process.arch'], { encoding: 'utf8' }).trim();
    expect(reported).toBe(`${process.version} ${process.platform}-${process.arch}`);
    expect(process.version).toMatch(/^v22\./);
  });
});
