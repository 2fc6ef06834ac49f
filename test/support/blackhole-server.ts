/** A TCP server on 127.0.0.1 that accepts connections and never answers: an API that hangs. */
import { type Socket, createServer } from 'node:net';

/** A running black hole. */
export interface BlackholeServer {
  /** `127.0.0.1:port`. */
  readonly host: string;
  stop(): Promise<void>;
}

/** Starts one on a free port. */
export async function startBlackhole(): Promise<BlackholeServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the black hole has no port');
  return {
    host: `127.0.0.1:${address.port}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
