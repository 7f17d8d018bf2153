@area:transport
Feature: MQTT over WebSocket: frames, subprotocol, and how a WebSocket connection ends
  Whether MQTT over WebSocket Secure carries the same behaviour as over TCP, with packets split
  across frames and several packets in one frame [TRN-04], and whether a WebSocket Close frame is
  the client's own goodbye (no Will) while a dropped connection publishes the Will [TRN-05]. The
  OASIS rules underneath, under both profiles: the broker answers with the subprotocol "mqtt"
  [MQTT-6.0.0-4], does not assume packets line up with frames [MQTT-6.0.0-2], and speaks and
  accepts binary frames only, closing the connection on a text frame [MQTT-6.0.0-1].

  @req:TRN-04 @profile:aws-iot-core @requires:websockets @requires:tls
  Scenario Outline: over WSS a packet split across frames and two packets in one frame are delivered, over MQTT <version>
    Given client "subscriber" is connected over WSS with MQTT <version>
    And "subscriber" has subscribed to "wss/readings" at QoS 1
    And client "publisher" is connected over WSS with MQTT <version>
    When "publisher" publishes "split in three" to "wss/readings" at QoS 1 in 3 pieces
    And "publisher" publishes "first of two" and "second of two" to "wss/readings" at QoS 1 in one write
    Then "subscriber" receives "split in three" on "wss/readings"
    And "subscriber" receives "first of two" on "wss/readings"
    And "subscriber" receives "second of two" on "wss/readings"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:TRN-05 @profile:aws-iot-core @requires:websockets @requires:tls
  Scenario Outline: a WebSocket Close frame discards the Will; a WebSocket connection that drops publishes it, over MQTT <version>
    Given client "monitor" is connected with MQTT <version>
    And "monitor" has subscribed to "devices/+/status" at QoS 1
    And client "polite" is connected over WSS with MQTT <version> and a Will of "polite offline" on "devices/polite/status"
    And client "cut-off" is connected over WSS with MQTT <version> and a Will of "cut-off offline" on "devices/cut-off/status"
    When "polite" sends a WebSocket Close frame
    And "cut-off" drops its connection
    Then "monitor" receives "cut-off offline" on "devices/cut-off/status"
    And "monitor" receives nothing on "devices/polite/status"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:MQTT-6.0.0-4 @req:MQTT-6.0.0-2 @requires:websockets @mqtt311
  Scenario: the broker chooses the subprotocol "mqtt" and reads MQTT 3.1.1 packets however the frames cut them
    Given client "subscriber" is connected over WebSocket with MQTT 3.1.1
    And "subscriber" has subscribed to "ws/readings" at QoS 1
    And client "publisher" is connected over WebSocket with MQTT 3.1.1
    When "publisher" publishes "split in four" to "ws/readings" at QoS 1 in 4 pieces
    And "publisher" publishes "first of two" and "second of two" to "ws/readings" at QoS 1 in one write
    Then [MQTT-6.0.0-4] the broker chose the WebSocket subprotocol "mqtt" for "publisher"
    And [MQTT-6.0.0-2] "subscriber" receives "split in four" on "ws/readings"
    And [MQTT-6.0.0-2] "subscriber" receives "first of two" on "ws/readings"
    And [MQTT-6.0.0-2] "subscriber" receives "second of two" on "ws/readings"

  @req:MQTT5-6.0.0-4 @req:MQTT5-6.0.0-2 @requires:websockets @mqtt5
  Scenario: the broker chooses the subprotocol "mqtt" and reads MQTT 5 packets however the frames cut them
    Given client "subscriber" is connected over WebSocket with MQTT 5
    And "subscriber" has subscribed to "ws/readings" at QoS 1
    And client "publisher" is connected over WebSocket with MQTT 5
    When "publisher" publishes "split in four" to "ws/readings" at QoS 1 in 4 pieces
    And "publisher" publishes "first of two" and "second of two" to "ws/readings" at QoS 1 in one write
    Then [MQTT5-6.0.0-4] the broker chose the WebSocket subprotocol "mqtt" for "publisher"
    And [MQTT5-6.0.0-2] "subscriber" receives "split in four" on "ws/readings"
    And [MQTT5-6.0.0-2] "subscriber" receives "first of two" on "ws/readings"
    And [MQTT5-6.0.0-2] "subscriber" receives "second of two" on "ws/readings"

  @req:MQTT-6.0.0-1 @requires:websockets @mqtt311
  Scenario: MQTT 3.1.1 travels in binary frames, and a text frame from the client closes its connection
    Given client "device" is connected over WebSocket with MQTT 3.1.1
    And "device" has subscribed to "ws/echo" at QoS 1
    When "device" publishes "echo" to "ws/echo" at QoS 1
    Then "device" receives "echo" on "ws/echo"
    And every WebSocket frame "device" received was binary
    When "device" sends a WebSocket text frame
    Then the broker closes the connection of "device"

  @req:MQTT5-6.0.0-1 @requires:websockets @mqtt5
  Scenario: MQTT 5 travels in binary frames, and a text frame from the client closes its connection
    Given client "device" is connected over WebSocket with MQTT 5
    And "device" has subscribed to "ws/echo" at QoS 1
    When "device" publishes "echo" to "ws/echo" at QoS 1
    Then "device" receives "echo" on "ws/echo"
    And every WebSocket frame "device" received was binary
    When "device" sends a WebSocket text frame
    Then the broker closes the connection of "device"
