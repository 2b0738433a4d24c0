import { connect, type Socket } from "node:net";

/** A raw connection that sent a request head (and maybe some body) and then stalls. */
export interface StalledUpload {
  readonly socket: Socket;
  /** Resolves when the server closed the connection; with the milliseconds since it was opened. */
  readonly closed: Promise<number>;
  /** Stops any trickle and destroys the socket. */
  end(): void;
}

function open(url: string, head: string, first: string): StalledUpload {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const started = Date.now();
  const closed = new Promise<number>((resolve) => {
    socket.on("close", () => {
      resolve(Date.now() - started);
    });
  });
  socket.on("error", () => undefined);
  // Read (and drop) what the server answers: a paused socket never sees the server's end, nor closes.
  socket.resume();
  socket.write(head + first);
  return { socket, closed, end: () => socket.destroy() };
}

/** A request whose head declares `declared` bytes, of which only a few are ever sent. */
export function declaredStall(url: string, declared: number): StalledUpload {
  return open(
    url,
    `POST /events HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`,
    "{",
  );
}

/** A chunked body that never ends: a small chunk every `everyMs` until the server closes the connection. */
export function endlessChunked(url: string, chunkBytes: number, everyMs: number): StalledUpload {
  const upload = open(
    url,
    "POST /events HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    "1\r\n[\r\n",
  );
  const chunk = `${chunkBytes.toString(16)}\r\n${" ".repeat(chunkBytes)}\r\n`;
  const timer = setInterval(() => {
    if (!upload.socket.destroyed) upload.socket.write(chunk);
  }, everyMs);
  void upload.closed.then(() => {
    clearInterval(timer);
  });
  return {
    ...upload,
    end: () => {
      clearInterval(timer);
      upload.end();
    },
  };
}
