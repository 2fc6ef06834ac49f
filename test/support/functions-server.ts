/**
 * Runs the function under the real Functions Framework binary (what `npm start` runs), on a free
 * loopback port, from the compiled `dist/`. Collects its stdout (the structured outcome lines).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './pubsub-emulator';

const root = join(__dirname, '..', '..');

/** A running function. */
export interface FunctionServer {
  readonly url: string;
  readonly lines: () => string[];
  /** The parsed structured lines the function logged (one per delivery). */
  readonly outcomes: () => Record<string, any>[];
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s command with the given environment and waits until it serves. `target` is
 * passed as Cloud Run functions passes it, in FUNCTION_TARGET, as well as on the command line.
 */
export async function startFunction(env: Record<string, string>, target: 'triageFinding' | 'postSummary' = 'triageFinding'): Promise<FunctionServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), `--target=${target}`, '--signature-type=cloudevent', `--source=${root}`],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', METADATA_SERVER_DETECTION: 'none', ...env, FUNCTION_TARGET: target, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the function exited with ${child.exitCode}: ${output}`);
    try {
      await fetch(url, { method: 'GET' });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the function did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const lines = () => output.split('\n').filter((line) => line.trim() !== '');
  return {
    url,
    lines,
    outcomes: () =>
      lines()
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line))
        .filter((line) => line.component === 'scc-triage'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
