@area:mqtt5
Feature: Maximum Packet Size in both directions
  Whether the broker refuses a packet over its own maximum with 0x95, and never sends a client a
  packet over the maximum that client announced.

  @req:M5-10 @profile:aws-iot-core @mqtt5
  Scenario: a message larger than the subscriber's Maximum Packet Size is not sent to it; a smaller one is
    Given client "small" is connected with MQTT 5 and these CONNECT properties:
      | Maximum Packet Size | 512 |
    And client "publisher" is connected with MQTT 5
    And "small" has subscribed to "parcels/#" at QoS 1
    When "publisher" publishes a message of 1000 bytes to "parcels/large" at QoS 1
    And "publisher" publishes a message of 100 bytes to "parcels/small" at QoS 1
    Then "small" receives a message on each of these topics:
      | parcels/small |
    And "small" receives nothing on "parcels/large"

  @req:M5-10 @profile:aws-iot-core @mqtt5
  Scenario: a packet over 128 KB is refused with DISCONNECT 0x95 and not delivered
    Given client "subscriber" is connected with MQTT 5
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "parcels/#" at QoS 1
    When "publisher" sends a PUBLISH packet of 131073 bytes to "parcels/huge"
    Then the broker disconnects "publisher" with reason code 0x95
    And "subscriber" receives nothing on "parcels/huge"
