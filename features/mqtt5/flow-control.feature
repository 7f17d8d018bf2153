@area:mqtt5
Feature: Receive Maximum, keep-alive and problem information
  Whether the broker keeps within the client's Receive Maximum and enforces its own, disconnects a
  client silent beyond the keep-alive it assigned, and leaves out reason strings a client declined.

  @req:M5-16 @mqtt5
  Scenario: the broker never has more unacknowledged QoS 1 messages towards a client than its Receive Maximum
    Given client "slow" is connected with MQTT 5 and these CONNECT properties:
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

  @req:M5-16 @requires:broker-configuration @mqtt5
  Scenario: a client with more unacknowledged QoS 1 PUBLISHes than the broker's Receive Maximum is disconnected with 0x93
    # the broker takes 300 ms to acknowledge, so three PUBLISHes sent at once are all unacknowledged
    Given the broker under test is started with this configuration:
      """
      { "limits": { "receiveMaximum": 2 }, "publishAcknowledgeDelayMs": 300 }
      """
    And client "eager" is connected with MQTT 5
    Then the CONNACK to "eager" has these properties:
      | Receive Maximum | 2 |
    When "eager" sends a QoS 1 PUBLISH of "one" to "jobs" with packet identifier 1
    And "eager" sends a QoS 1 PUBLISH of "two" to "jobs" with packet identifier 2
    And "eager" sends a QoS 1 PUBLISH of "three" to "jobs" with packet identifier 3
    Then the broker disconnects "eager" with reason code 0x93

  @req:M5-14 @req:RC-12 @profile:aws-iot-core @requires:broker-configuration @requires:short-keep-alive @mqtt5 @slow
  Scenario: clients silent for 1.5 times the keep-alive the broker assigned are disconnected with 0x8D
    # the broker's keep-alive ceiling is 1 s: "modest" asks for 1 s, "greedy" asks for 60 s and is
    # told 1 s by Server Keep Alive
    Given the broker under test is started with this configuration:
      """
      { "limits": { "maxKeepAliveSeconds": 1 } }
      """
    When client "modest" connects with MQTT 5 and keep-alive 1
    And client "greedy" connects with MQTT 5 and keep-alive 60
    Then the CONNACK to "greedy" has these properties:
      | Server Keep Alive | 1 |
    When "modest" falls silent past its keep-alive
    And "greedy" falls silent past its keep-alive
    Then the broker disconnects "modest" with reason code 0x8D
    And the broker disconnects "greedy" with reason code 0x8D

  @req:M5-15 @requires:broker-configuration @mqtt5
  Scenario: a refused PUBLISH carries a reason string unless the client set Request Problem Information to 0
    # a publish quota of one PUBLISH per second makes each client's second PUBLISH fail with 0x97
    Given the broker under test is started with this configuration:
      """
      { "quotas": { "publishesPerSecond": 1 } }
      """
    And client "curious" is connected with MQTT 5
    And client "terse" is connected with MQTT 5 and these CONNECT properties:
      | Request Problem Information | 0 |
    When "curious" sends a QoS 1 PUBLISH of "one" to "jobs" with packet identifier 1
    And "curious" sends a QoS 1 PUBLISH of "two" to "jobs" with packet identifier 2
    And "terse" sends a QoS 1 PUBLISH of "one" to "jobs" with packet identifier 1
    And "terse" sends a QoS 1 PUBLISH of "two" to "jobs" with packet identifier 2
    Then "curious" receives a PUBACK with packet identifier 2, reason code 0x97 and a reason string
    And "terse" receives a PUBACK with packet identifier 2, reason code 0x97 and no reason string
