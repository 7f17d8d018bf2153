@area:reason-codes
Feature: PUBACK reason codes
  Whether a QoS 1 PUBLISH is acknowledged with 0x00 (or 0x10 when nobody subscribes), and refused
  with the reason code for its cause: authorization, reserved topic, quota, identifier in use.

  @req:RC-08 @mqtt5
  Scenario: an accepted PUBLISH gets PUBACK 0x00, or 0x10 when nobody subscribes
    Given client "subscriber" is connected with MQTT 5
    And "subscriber" has subscribed to "readings" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "publisher" sends a QoS 1 PUBLISH of "21.5" to "readings" with packet identifier 1
    And "publisher" sends a QoS 1 PUBLISH of "21.5" to "nobody-listens" with packet identifier 2
    Then "publisher" receives a PUBACK with packet identifier 1 and reason code 0x00
    And "publisher" receives a PUBACK with packet identifier 2 and reason code 0x00 or 0x10

  @req:RC-09 @mqtt5
  Scenario: a PUBLISH the account may not make gets PUBACK 0x87
    Given the broker is configured with these accounts:
      | user   | password | may publish to |
      | sensor | s3cret   | telemetry/#    |
    And client "sensor" is connected with MQTT 5 as user "sensor" with password "s3cret"
    When "sensor" sends a QoS 1 PUBLISH of "open" to "valves/main" with packet identifier 1
    And "sensor" sends a QoS 1 PUBLISH of "21.5" to "telemetry/temp" with packet identifier 2
    Then "sensor" receives a PUBACK with packet identifier 1 and reason code 0x87
    And "sensor" receives a PUBACK with packet identifier 2 and reason code 0x00 or 0x10

  @req:RC-09 @mqtt5
  Scenario: a PUBLISH over the broker's publish quota gets PUBACK 0x97
    Given the broker is configured with:
      | PUBLISHes | 2 per second |
    And client "sensor" is connected with MQTT 5
    When "sensor" sends a QoS 1 PUBLISH of "21.5" to "telemetry/temp" with packet identifier 1
    And "sensor" sends a QoS 1 PUBLISH of "21.6" to "telemetry/temp" with packet identifier 2
    And "sensor" sends a QoS 1 PUBLISH of "21.7" to "telemetry/temp" with packet identifier 3
    Then "sensor" receives a PUBACK with packet identifier 1 and reason code 0x00 or 0x10
    And "sensor" receives a PUBACK with packet identifier 2 and reason code 0x00 or 0x10
    And "sensor" receives a PUBACK with packet identifier 3 and reason code 0x97

  @req:RC-09 @profile:aws-iot-core @mqtt5
  Scenario: a retained PUBLISH to a reserved topic gets PUBACK 0x90
    Given client "device" is connected with MQTT 5
    When "device" sends a PUBLISH with:
      | topic             | $aws/things/lamp/state |
      | payload           | on                     |
      | QoS               | 1                      |
      | retain            | 1                      |
      | packet identifier | 1                      |
    Then "device" receives a PUBACK with packet identifier 1 and reason code 0x90

  @req:RC-10 @req:RC-16 @req:RC-17 @mqtt5
  Scenario: a packet identifier still awaiting its PUBACK is in use: PUBACK, SUBACK and UNSUBACK say 0x91
    # the broker takes 1 s to acknowledge a QoS 1 PUBLISH, so identifier 7 stays in use that long
    Given the broker is configured with:
      | acknowledgement delay | 1000 ms |
    And client "device" is connected with MQTT 5
    When "device" sends a QoS 1 PUBLISH of "first" to "readings" with packet identifier 7
    And "device" sends a PUBLISH breaking the rule that an identifier in use is not reused, with:
      | topic             | readings |
      | payload           | again    |
      | QoS               | 1        |
      | packet identifier | 7        |
    And "device" sends a SUBSCRIBE breaking the rule that an identifier in use is not reused, with:
      | filter            | commands |
      | QoS               | 1        |
      | packet identifier | 7        |
    And "device" sends an UNSUBSCRIBE breaking the rule that an identifier in use is not reused, with:
      | filter            | commands |
      | packet identifier | 7        |
    Then [RC-10] "device" receives a PUBACK with packet identifier 7 and reason code 0x91
    And [RC-16] "device" receives a SUBACK with packet identifier 7 and reason code 0x91
    And [RC-17] "device" receives an UNSUBACK with packet identifier 7 and reason code 0x91
    And [RC-10] "device" receives a PUBACK with packet identifier 7 and reason code 0x00 or 0x10
