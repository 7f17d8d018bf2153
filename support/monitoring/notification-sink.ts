// The notification sink of the monitoring walk-through: a loopback HTTP server standing in for
// the notification service (the walk-through's e-mail) that a rule's HTTP action calls. It
// records every request so a scenario can count them and read what was sent.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Notification {
  at: number;
  method: string;
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

export class NotificationSink {
  readonly notifications: Notification[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts listening on 127.0.0.1 on a free port. */
  static async start(): Promise<NotificationSink> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const sink = new NotificationSink(server, `http://127.0.0.1:${port}/notifications`);
    server.on("request", (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        sink.record({
          at: Date.now(),
          method: request.method ?? "",
          path: request.url ?? "",
          contentType: request.headers["content-type"],
          body: Buffer.concat(chunks),
        });
        response.writeHead(204).end();
      });
    });
    return sink;
  }

  /** Waits until `count` notifications have arrived; false when the deadline passes first. */
  waitForCount(count: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (reached: boolean): void => {
        clearTimeout(deadline);
        this.listeners.delete(check);
        resolve(reached);
      };
      const check = (): void => {
        if (this.notifications.length >= count) finish(true);
      };
      const deadline = setTimeout(() => finish(false), timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** One line per notification, for failure messages. */
  describe(): string {
    if (this.notifications.length === 0) return "no notification";
    return this.notifications
      .map(
        (notification) =>
          `${notification.method} ${notification.path} (${notification.contentType}) ` +
          `${notification.body.toString("utf8")}`,
      )
      .join("\n    ");
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private record(notification: Notification): void {
    this.notifications.push(notification);
    for (const listener of [...this.listeners]) listener();
  }
}
