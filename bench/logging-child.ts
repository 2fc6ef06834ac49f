/**
 * One bench logging server in a process of its own: test/support/logging-server.ts (the real gRPC
 * LoggingServiceV2 fake) on a corpus, so the fake's own filter evaluation does not run on the
 * function's event loop. Started and stopped by bench/servers.ts over the IPC channel.
 */
import { type ServerOptions, startLoggingServer } from '../test/support/logging-server';

/** What the parent asks. */
export type ChildRequest = { readonly kind: 'stats'; readonly id: number } | { readonly kind: 'stop'; readonly id: number };
/** What the child answers. */
export type ChildMessage =
  | { readonly kind: 'ready'; readonly host: string; readonly port: number }
  | { readonly kind: 'stats'; readonly id: number; readonly requests: number; readonly refused: number }
  | { readonly kind: 'stopped'; readonly id: number }
  | { readonly kind: 'failed'; readonly error: string };

const send = (message: ChildMessage) => process.send?.(message);

async function main(): Promise<void> {
  const corpus = process.argv[2];
  if (corpus === undefined) throw new Error('usage: logging-child <corpus> [options-json]');
  const options = JSON.parse(process.argv[3] ?? '{}') as ServerOptions;
  const server = await startLoggingServer(corpus, options);
  // The parent gone (finished or killed): never linger.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ChildRequest) => {
    if (message.kind === 'stats') send({ kind: 'stats', id: message.id, requests: server.requests.length, refused: server.refused() });
    else
      void server.stop().then(() => {
        send({ kind: 'stopped', id: message.id });
        process.disconnect();
        process.exit(0);
      });
  });
  send({ kind: 'ready', host: server.host, port: server.port });
}

main().catch((error: unknown) => {
  send({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
