/**
 * A TCP proxy on 127.0.0.1 that can hold what a client sends: the requests reach the server, late,
 * when the proxy releases them. It makes "a publish that timed out lands after all" happen on cue.
 */
import { type Socket, connect, createServer } from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** `127.0.0.1:port`, for PUBSUB_EMULATOR_HOST and the like. */
  readonly host: string;
  /** From now on, buffer what clients send instead of forwarding it. */
  hold(): void;
  /** Forward everything held, and everything after. */
  release(): void;
  stop(): Promise<void>;
}

/** Starts a proxy to `target` (`host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [targetHost, targetPort] = target.split(':');
  let holding = false;
  const held: { upstream: Socket; chunk: Buffer }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(targetPort), targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk) => (holding ? held.push({ upstream, chunk }) : upstream.write(chunk)));
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the proxy has no port');
  return {
    host: `127.0.0.1:${address.port}`,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const { upstream, chunk } of held.splice(0)) upstream.write(chunk);
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
