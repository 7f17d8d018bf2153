// The administrative API over HTTP on loopback, for a broker in another process or a container:
// `POST /clients/{clientId}/disconnect` ends that client's connection with DISCONNECT 0x98
// [RC-15] (204, or 404 when no such client is connected). Off unless `adminPort` is set.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface AdminActions {
  disconnectClient(clientId: string): boolean;
}

const disconnectPath = /^\/clients\/([^/]+)\/disconnect$/;

export async function startAdminApi(
  host: string,
  port: number,
  actions: AdminActions,
): Promise<{ port: number; server: Server }> {
  const server = createServer((request, response) => {
    const match = request.method === "POST" ? disconnectPath.exec(request.url ?? "") : null;
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(actions.disconnectClient(decodeURIComponent(match[1])) ? 204 : 404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, server };
}
