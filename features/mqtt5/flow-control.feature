@area:mqtt5
Feature: Receive Maximum, keep-alive and problem information
  Whether the broker keeps within the client's Receive Maximum and enforces its own, disconnects a
  client silent beyond the keep-alive it assigned (on time: not before 1.5 times the keep-alive,
  not much after), and leaves out reason strings a client declined.

  @req:M5-16 @mqtt5
  Scenario: the broker never has more unacknowledged QoS 1 messages towards a client than its Receive Maximum
    Given client "slow" is connected with MQTT 5 and these CONNECT fields:
      | Receive Maximum | 2 |
    And "slow" has subscribed to "jobs" at QoS 1
    And "slow" withholds its PUBACKs
    And client "dispatcher" is connected with MQTT 5
    # the broker may send fewer at once than the client allows, but never more
    When "dispatcher" publishes numbered messages 1 to 5 to "jobs" at QoS 1
    Then "slow" receives at least one but no more than 2 of the numbered messages on "jobs"
    When "slow" acknowledges every PUBLISH it received and, from now on, each one as it arrives
    Then "slow" receives each of the numbered messages 1 to 5 on "jobs"
    And "slow" never had more than 2 QoS 1 messages unacknowledged at once

  @req:M5-16 @mqtt5
  Scenario: a client with more unacknowledged QoS 1 PUBLISHes than the broker's Receive Maximum is disconnected with 0x93
    # the broker takes 1 s to acknowledge, so the three PUBLISHes (the third sent after a quiet period)
    # are all unacknowledged when the third arrives, even on a busy machine
    Given the broker is configured with:
      | receive maximum        | 2      |
      | acknowledgement delay  | 1000 ms |
    And client "eager" is connected with MQTT 5
    Then the CONNACK to "eager" has these properties:
      | Receive Maximum | 2 |
    When "eager" sends a QoS 1 PUBLISH of "one" to "jobs" with packet identifier 1
    And "eager" sends a QoS 1 PUBLISH of "two" to "jobs" with packet identifier 2
    # two unacknowledged PUBLISHes are within the maximum: the broker must take them
    Then "eager" receives no DISCONNECT
    When "eager" sends a PUBLISH breaking the broker's Receive Maximum, with:
      | topic             | jobs  |
      | payload           | three |
      | QoS               | 1     |
      | packet identifier | 3     |
    Then the broker disconnects "eager" with reason code 0x93

  @req:M5-14 @profile:aws-iot-core @mqtt5 @slow
  Scenario: clients silent for 1.5 times the keep-alive the broker assigned are disconnected with 0x8D
    # the broker's keep-alive ceiling is the short keep-alive: "modest" asks for it, "greedy" asks
    # for 60 s and is told the ceiling by Server Keep Alive
    Given the broker is configured with:
      | longest keep-alive  | short                    |
      | shortest keep-alive | short (if it can be set) |
    When client "modest" connects with MQTT 5 and a short keep-alive
    And client "greedy" connects with MQTT 5 and keep-alive 60 s
    Then [M5-14] the CONNACK to "greedy" has these properties:
      | Server Keep Alive | short |
    And [M5-14] the CONNACK to "modest" has these properties:
      | Server Keep Alive | short or absent |
    When "modest" falls silent
    And "greedy" falls silent
    Then [M5-14] the broker closes the connection of "modest" 1.5 times its keep-alive after its last packet
    And [M5-14] the broker closes the connection of "greedy" 1.5 times its keep-alive after its last packet

  @req:RC-12 @mqtt5 @slow
  Scenario: a client silent for 1.5 times its keep-alive is disconnected with 0x8D
    # judged apart from the keep-alive ceiling above [M5-14], which a broker may lack: a broker
    # with a shortest keep-alive [LIM-01] (AWS IoT Core: 30 s) is asked for a short one
    Given the broker is configured with:
      | shortest keep-alive | short (if it can be set) |
    When client "quiet" connects with MQTT 5 and a short keep-alive
    And "quiet" falls silent
    Then the broker closes the connection of "quiet" 1.5 times its keep-alive after its last packet
    And the broker sent "quiet" DISCONNECT 0x8D before the close

  @req:M5-15 @mqtt5
  Scenario: a refused PUBLISH carries a reason string unless the client set Request Problem Information to 0
    # the account may publish below "telemetry/" only: a PUBLISH elsewhere is refused (0x87)
    Given the broker is configured with these accounts:
      | user   | password | may publish to |
      | sensor | s3cret   | telemetry/#    |
    And client "curious" is connected with MQTT 5 as user "sensor" with password "s3cret"
    And client "terse" is connected with MQTT 5 and these CONNECT fields:
      | user                        | sensor |
      | password                    | s3cret |
      | Request Problem Information | 0      |
    When "curious" sends a QoS 1 PUBLISH of "open" to "valves/main" with packet identifier 1
    And "terse" sends a QoS 1 PUBLISH of "open" to "valves/main" with packet identifier 1
    Then "curious" receives a PUBACK with packet identifier 1, a reason code of 0x80 or above and a reason string
    And "terse" receives a PUBACK with packet identifier 1, a reason code of 0x80 or above and, unlike "curious", no reason string
