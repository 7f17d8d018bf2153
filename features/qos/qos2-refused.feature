@area:qos @profile:aws-iot-core
Feature: QoS 2 and its packets are not supported
  Whether the broker refuses QoS 2, and never answers PUBREC, PUBREL, PUBCOMP or AUTH in kind.
  AWS IoT Core documents that it sends no PUBACK or SUBACK for QoS 2; whether it also closes the
  connection it does not say, so each scenario allows the close and judges the answer.

  @req:QOS-04 @mqtt311
  Scenario: an MQTT 3.1.1 PUBLISH at QoS 2 gets no acknowledgement and is not delivered
    Given client "subscriber" is connected with MQTT 3.1.1
    And client "publisher" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "valves/main" at QoS 1
    When "publisher" sends a PUBLISH with:
      | topic   | valves/main |
      | payload | close       |
      | QoS     | 2           |
    And the broker may close the connection of "publisher" for it
    Then "publisher" receives no PUBREC or PUBACK
    And "subscriber" receives nothing on "valves/main"

  @req:QOS-04 @mqtt311
  Scenario: an MQTT 3.1.1 SUBSCRIBE at QoS 2 gets no SUBACK
    Given client "subscriber" is connected with MQTT 3.1.1
    When "subscriber" sends a SUBSCRIBE with:
      | filter | valves/# |
      | QoS    | 2        |
    And the broker may close the connection of "subscriber" for it
    Then "subscriber" receives no SUBACK

  @req:QOS-05 @mqtt5
  Scenario: the MQTT 5 CONNACK announces Maximum QoS 1
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" has these properties:
      | Maximum QoS | 1 |

  @req:QOS-05 @mqtt5
  Scenario: an MQTT 5 PUBLISH at QoS 2, against the announced Maximum QoS 1, is answered with DISCONNECT 0x9B
    Given client "publisher" is connected with MQTT 5
    When "publisher" sends a PUBLISH breaking the broker's Maximum QoS, with:
      | topic   | valves/main |
      | payload | close       |
      | QoS     | 2           |
    Then the broker disconnects "publisher" with reason code 0x9B

  @req:QOS-06
  Scenario Outline: a <packet> from the client is never answered in kind over MQTT <version>
    Given client "device" is connected with MQTT <version>
    When "device" sends a <packet> with:
      | packet identifier | 12 |
    And the broker may close the connection of "device" for it
    Then "device" receives no PUBREC, PUBREL, PUBCOMP or AUTH

    @mqtt311
    Examples: MQTT 3.1.1
      | version | packet  |
      | 3.1.1   | PUBREC  |
      | 3.1.1   | PUBREL  |
      | 3.1.1   | PUBCOMP |

    @mqtt5
    Examples: MQTT 5
      | version | packet  |
      | 5       | PUBREC  |
      | 5       | PUBREL  |
      | 5       | PUBCOMP |
      | 5       | AUTH    |
