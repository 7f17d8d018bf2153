@area:lifecycle-events @profile:aws-iot-core @requires:lifecycle-events
Feature: Lifecycle events: who connected, who left and why, who subscribed, who was refused
  Whether the broker publishes a connected event for every accepted connection [EVT-01], a
  disconnected event carrying the same session and version [EVT-02] with the reason the
  connection ended, the Will following that reason [EVT-03]; version numbers that grow with each
  connection of a client identifier [EVT-04]; subscribed and unsubscribed events [EVT-05];
  connect_failed events with why [EVT-06]; no events for a client identifier holding "+" or "#"
  [EVT-07]; and events that no filter starting with a wildcard receives [EVT-08].

  @req:EVT-01 @req:EVT-02 @mqtt311 @mqtt5
  Scenario: a connection's connected and disconnected events carry its identity, the same session and the same version
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to the connected events of "device"
    And "monitor" has subscribed to the disconnected events of "device"
    When client "device" connects with MQTT 3.1.1
    Then [EVT-01] "monitor" receives the connected event of "device" with:
      | eventType | connected |
    When "device" disconnects
    Then [EVT-02] "monitor" receives the disconnected event of "device" with:
      | eventType                 | disconnected                |
      | clientInitiatedDisconnect | true                        |
      | disconnectReason          | CLIENT_INITIATED_DISCONNECT |
    And [EVT-02] the connected and disconnected events of "device" that "monitor" received carry the same sessionIdentifier and versionNumber

  @req:EVT-03 @mqtt311
  Scenario: a client that disconnects is CLIENT_INITIATED_DISCONNECT, and its Will is discarded
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "device offline" on "devices/device/status"
    When "device" disconnects
    Then "monitor" receives the disconnected event of "device" with:
      | disconnectReason          | CLIENT_INITIATED_DISCONNECT |
      | clientInitiatedDisconnect | true                        |
    And "monitor" receives nothing on "devices/device/status"

  @req:EVT-03 @requires:websockets @requires:tls @mqtt5
  Scenario: a WebSocket Close frame is CLIENT_INITIATED_DISCONNECT too, and the Will is discarded
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected over WSS with MQTT 5 and a Will of "device offline" on "devices/device/status"
    When "device" sends a WebSocket Close frame
    Then "monitor" receives the disconnected event of "device" with:
      | disconnectReason          | CLIENT_INITIATED_DISCONNECT |
      | clientInitiatedDisconnect | true                        |
    And "monitor" receives nothing on "devices/device/status"

  @req:EVT-03 @mqtt311
  Scenario: a dropped connection is CONNECTION_LOST, and its Will is published
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "device offline" on "devices/device/status"
    When "device" drops its connection
    Then "monitor" receives the disconnected event of "device" with:
      | disconnectReason          | CONNECTION_LOST |
      | clientInitiatedDisconnect | false           |
    And "monitor" receives the Will of "device"

  @req:EVT-03 @mqtt311 @slow
  Scenario: a client silent past its keep-alive is MQTT_KEEP_ALIVE_TIMEOUT, and its Will is published
    Given the broker is configured with:
      | shortest keep-alive | short (if it can be set) |
    And client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and these CONNECT fields:
      | keep-alive   | short                 |
      | Will topic   | devices/device/status |
      | Will payload | device offline        |
    When "device" falls silent
    Then the broker closes the connection of "device" 1.5 times its keep-alive after its last packet
    And "monitor" receives the disconnected event of "device" with:
      | disconnectReason | MQTT_KEEP_ALIVE_TIMEOUT |
    And "monitor" receives the Will of "device"

  @req:EVT-03 @mqtt5
  Scenario: a connection taken over by the same client identifier is DUPLICATE_CLIENTID, and its Will is published
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected with MQTT 5 and a Will of "device offline" on "devices/device/status"
    When client "replacement" connects with MQTT 5 using the client identifier of "device"
    Then the broker closes the connection of "device"
    And "monitor" receives the disconnected event of "device" with:
      | disconnectReason | DUPLICATE_CLIENTID |
    And "monitor" receives the Will of "device"

  @req:EVT-03 @mqtt311
  Scenario: a client closed for a protocol violation is CLIENT_ERROR, and its Will is published
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "device offline" on "devices/device/status"
    When "device" sends CONNECT again
    Then the broker closes the connection of "device"
    And "monitor" receives the disconnected event of "device" with:
      | disconnectReason | CLIENT_ERROR |
    And "monitor" receives the Will of "device"

  @req:EVT-03 @requires:admin-api @mqtt311
  Scenario: a client an administrator disconnects is SERVER_INITIATED_DISCONNECT, and its Will is published
    Given a broker of the scenario's own
    And client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "device offline" on "devices/device/status"
    When an administrator disconnects "device" through the broker's API
    Then the broker closes the connection of "device"
    And "monitor" receives the disconnected event of "device" with:
      | disconnectReason | SERVER_INITIATED_DISCONNECT |
    And "monitor" receives the Will of "device"

  @req:EVT-03 @mqtt311
  Scenario: a client closed for going over its publish rate is THROTTLED, and its Will is published
    Given the broker is configured with:
      | PUBLISHes | 1 per second |
    And client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the disconnected events of "device"
    And "monitor" has subscribed to "devices/device/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "device offline" on "devices/device/status"
    When "device" publishes "first" to "devices/device/readings" at QoS 1
    And "device" tries to publish "second" to "devices/device/readings" at QoS 1
    Then the broker refuses the PUBLISH of "device"
    And "monitor" receives the disconnected event of "device" with:
      | disconnectReason | THROTTLED |
    And "monitor" receives the Will of "device"

  @req:EVT-04 @mqtt311
  Scenario: each new connection of a client identifier has a greater versionNumber
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the connected events of "device"
    When client "device" connects with MQTT 3.1.1
    And "device" disconnects
    And client "device" connects with MQTT 3.1.1
    And "device" disconnects
    And client "device" connects with MQTT 3.1.1
    Then the connected events of "device" that "monitor" received have growing versionNumbers, 3 of them

  @req:EVT-05 @mqtt5
  Scenario: a SUBSCRIBE and an UNSUBSCRIBE are reported with the filters they named
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to the subscribed events of "device"
    And "monitor" has subscribed to the unsubscribed events of "device"
    And client "device" is connected with MQTT 5
    When "device" subscribes to these filters in one SUBSCRIBE:
      | filter                | QoS |
      | sensors/+/temperature | 1   |
      | alerts/#              | 0   |
    Then the SUBACK to "device" grants every filter
    When "device" unsubscribes from these filters in one UNSUBSCRIBE:
      | alerts/# |
    Then "monitor" receives the subscribed event of "device" listing these topics:
      | sensors/+/temperature |
      | alerts/#              |
    And "monitor" receives the unsubscribed event of "device" listing these topics:
      | alerts/# |

  @req:EVT-06 @mqtt5
  Scenario: a refused CONNECT is reported on connect_failed with why: bad credentials, or not authorized
    Given the broker is configured with these accounts:
      | user     | password | may connect as |
      | watcher  | w4tch3r  | monitor        |
      | operator | s3cret   | device         |
    And client "monitor" is connected with MQTT 5 as user "watcher" with password "w4tch3r"
    And "monitor" has subscribed to the connect_failed events of every client
    When client "guesser" connects with MQTT 5 as user "operator" with password "wrong"
    And client "wanderer" connects with MQTT 5 as user "operator" with password "s3cret"
    Then the broker refuses the connection of "guesser" with CONNACK 0x86
    And the broker refuses the connection of "wanderer" with CONNACK 0x87
    And "monitor" receives the connect_failed event of "guesser" with:
      | failureType | AUTHENTICATION_FAILURE |
    And "monitor" receives the connect_failed event of "wanderer" with:
      | failureType | AUTHORIZATION_FAILURE |

  @req:EVT-06 @mqtt5
  Scenario: a CONNECT refused for coming within a second of the last one of its client identifier is connect_failed THROTTLED
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to the connect_failed events of "device"
    And client "device" is connected with MQTT 5
    When client "hasty" connects with MQTT 5 using the client identifier of "device", within the CONNECT rate window
    Then the broker refuses the connection of "hasty" with CONNACK 0x9F or 0x97
    And "monitor" receives the connect_failed event of "device" with:
      | failureType | THROTTLED |

  @req:EVT-07 @mqtt311
  Scenario: a client identifier holding "+" or "#" gives rise to no lifecycle event, while a plain one does
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to the connected events of every client
    And "monitor" has subscribed to the disconnected events of every client
    When client "odd+one" connects with MQTT 3.1.1
    And client "odd#two" connects with MQTT 3.1.1
    And client "plain" connects with MQTT 3.1.1
    And "odd+one" disconnects
    And "odd#two" disconnects
    Then "monitor" receives the connected event of "plain"
    And "monitor" receives no lifecycle event of "odd+one"
    And "monitor" receives no lifecycle event of "odd#two"

  @req:EVT-08 @mqtt311 @mqtt5
  Scenario: a filter starting with a wildcard receives no lifecycle event; one naming the event type does
    Given a broker of the scenario's own
    And client "everything" is connected with MQTT 5
    And "everything" has subscribed to the broker-wide filter "#" at QoS 1
    And "everything" has subscribed to the broker-wide filter "+/events/presence/connected/+" at QoS 1
    And client "presence" is connected with MQTT 3.1.1
    And "presence" has subscribed to the connected events of every client
    When client "device" connects with MQTT 3.1.1
    Then "presence" receives the connected event of "device"
    And "everything" receives no lifecycle event of "device"
