// Options of the listeners beyond plain TCP [TRN-01..06]: the TLS material they serve, and which
// listeners to open. Under aws-iot-core a TLS handshake needs Server Name Indication [TRN-02] and
// the shared port dispatches on ALPN [TRN-06]; under oasis the TLS and WebSocket listeners are
// plain ones and there is no shared port, no HTTPS interface.
import { z } from "zod";

const listenerPort = z.number().int().min(0).max(65535);

export const transportSchema = z
  .object({
    /**
     * PEM texts: the broker's certificate and key, and the CA whose client certificates it trusts
     * [TRN-03]. Without a certificate no TLS listener can open.
     */
    tls: z
      .object({ cert: z.string().min(1), key: z.string().min(1), ca: z.string().min(1).optional() })
      .strict()
      .optional(),
    /**
     * MQTT over TLS 1.2 / 1.3, the server authenticated only [TRN-01] [TRN-02]; 0 picks a free port. Default: none.
     */
    tlsPort: listenerPort.optional(),
    /** MQTT over TLS with a client certificate required and verified against `tls.ca` [TRN-03]. Default: none. */
    x509Port: listenerPort.optional(),
    /** MQTT over WebSocket Secure, subprotocol `mqtt`, path `/mqtt` [TRN-04] [MQTT-6.0.0-1]. Default: none. */
    wssPort: listenerPort.optional(),
    /** MQTT over plain WebSocket, as `wssPort` without TLS. Default: none. */
    wsPort: listenerPort.optional(),
    /**
     * aws-iot-core only: the shared TLS port (AWS: 443) [TRN-06]: ALPN `x-amzn-mqtt-ca` selects
     * MQTT with a client certificate; anything else is HTTPS (the data-plane API [API-01..06])
     * and WSS. Default: none.
     */
    sharedPort: listenerPort.optional(),
  })
  .strict()
  .prefault({});

export type TransportOptions = z.output<typeof transportSchema>;

/** The ALPN protocol an X.509 client names to speak MQTT on the shared port [TRN-06]. */
export const mqttAlpnProtocol = "x-amzn-mqtt-ca";

/** The WebSocket path MQTT is served on. */
export const webSocketPath = "/mqtt";
