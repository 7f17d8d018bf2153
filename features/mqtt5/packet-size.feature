@area:mqtt5
Feature: Maximum Packet Size in both directions
  Whether the broker takes a packet of exactly its own Maximum Packet Size and refuses one byte more
  with 0x95, and sends a client a message of exactly the Maximum Packet Size that client announced
  but not one byte more. Sizes are whole packets on the wire: a payload under a limit can make a
  packet over it.

  @req:M5-10 @profile:aws-iot-core @mqtt5
  Scenario: a message whose PUBLISH would exceed the subscriber's Maximum Packet Size is not sent to it; one that fits exactly is
    Given client "small" is connected with MQTT 5 and these CONNECT fields:
      | Maximum Packet Size | 256 |
    And client "publisher" is connected with MQTT 5
    And "small" has subscribed to "parcels/#" at QoS 1
    When "publisher" publishes a message to "parcels/fits" whose PUBLISH to "small" is 256 bytes
    And "publisher" publishes a message to "parcels/over" whose PUBLISH to "small" is 257 bytes
    And "publisher" publishes "after" to "parcels/after" at QoS 1
    Then "small" receives a message on each of these topics:
      | parcels/fits  |
      | parcels/after |
    And "small" receives nothing on "parcels/over"

  @req:M5-10 @profile:aws-iot-core @mqtt5
  Scenario: a PUBLISH of exactly the broker's Maximum Packet Size is taken, one byte more is refused with DISCONNECT 0x95 and not delivered
    Given client "subscriber" is connected with MQTT 5
    And client "publisher" is connected with MQTT 5
    And client "oversized" is connected with MQTT 5
    And "subscriber" has subscribed to "parcels/#" at QoS 1
    When "publisher" sends a PUBLISH to "parcels/largest" of exactly the broker's Maximum Packet Size
    Then "subscriber" receives a message on "parcels/largest"
    When "oversized" sends a PUBLISH to "parcels/huge" of one byte over the broker's Maximum Packet Size
    Then the broker disconnects "oversized" with reason code 0x95
    And "subscriber" receives nothing on "parcels/huge"
