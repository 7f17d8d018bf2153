// MQTT over a WebSocket as the byte stream a connection reads and writes [TRN-04]: binary frames
// carry the bytes, with no regard for packet boundaries: a packet may span frames and a frame may
// hold several packets [MQTT-6.0.0-2]. A text frame is not MQTT: the connection is closed
// [MQTT-6.0.0-1]. A Close frame from the client is its own goodbye [TRN-05], told apart from a
// connection that merely dropped.
import { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";

/** WebSocket close code for data of a type the endpoint cannot accept (RFC 6455 §7.4.1). */
const unsupportedData = 1003;
/** Close code ws reports when the TCP connection ended without a Close frame. */
const abnormalClosure = 1006;

export class WebSocketStream extends Duplex {
  /** True once the broker side started the close: a Close that follows is not the client's. */
  private closingHere = false;

  /** @param onClientClose called when the client ended the connection with a Close frame */
  constructor(
    private readonly socket: WebSocket,
    private readonly onClientClose: () => void,
  ) {
    super();
    socket.on("message", (data: RawData, isBinary: boolean) => this.received(data, isBinary));
    socket.on("close", (code: number) => {
      if (!this.closingHere && code !== abnormalClosure) this.onClientClose();
      this.push(null);
      this.destroy();
    });
    socket.on("error", (error) => this.destroy(error));
  }

  private received(data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      // [MQTT-6.0.0-1] MQTT travels in binary frames only
      this.closingHere = true;
      this.socket.close(unsupportedData, "MQTT needs binary frames");
      this.destroy();
      return;
    }
    const chunks = Array.isArray(data) ? data : [data instanceof ArrayBuffer ? Buffer.from(data) : data];
    for (const chunk of chunks) if (!this.push(chunk)) this.socket.pause();
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.send(chunk, { binary: true }, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.closingHere = true;
    this.socket.close(1000);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closingHere = true;
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING)
      this.socket.terminate();
    callback(error);
  }
}
