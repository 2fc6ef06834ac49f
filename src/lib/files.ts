/** Reading a file, or every matching file under a folder, as the local adapters accept either. */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** `path` itself when it is a file; otherwise every file below it whose name matches, in name order. */
export async function filesUnder(path: string, names: RegExp): Promise<string[]> {
  const info = await stat(path);
  if (info.isFile()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const found = entries.filter((entry) => entry.isFile()).map((entry) => relative(path, join(entry.parentPath, entry.name)));
  return found
    .filter((name) => names.test(name))
    .sort()
    .map((name) => join(path, name));
}
