/**
 * What `gcloud functions deploy --source=.` uploads: .gcloudignore (gitignore syntax) must keep
 * every file Cloud Build's `npm ci` (which runs `prepare`) and `npm run gcp-build` need, or the
 * deploy fails in the build, after the upload.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Whether .gcloudignore excludes `path`, as git reads the same syntax. */
function ignored(path: string): boolean {
  const result = spawnSync('git', ['-c', 'core.excludesFile=.gcloudignore', 'check-ignore', '--no-index', '--quiet', path], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`git check-ignore failed: ${result.stderr}`);
  return result.status === 0;
}

describe('.gcloudignore', () => {
  it.each(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/prepare.js', 'scripts/bundle.js', 'src/index.ts', 'src/function.ts', 'src/subscriber.ts'])(
    'uploads %s, which the build in Cloud Build runs or reads',
    (path) => {
      expect(ignored(path)).toBe(false);
    },
  );

  it.each(['node_modules/zod/package.json', 'dist/deploy/index.js', 'test/index.test.ts', '.env.local', 'deploy/deploy.sh'])('leaves out %s', (path) => {
    expect(ignored(path)).toBe(true);
  });
});
