@area:reason-codes
Feature: SUBACK and UNSUBACK reason codes
  Whether one SUBSCRIBE or UNSUBSCRIBE with several filters gets one reason code per filter, in
  order, each the code for that filter: how many and in which order is a MUST, the exact refusal
  code a SHOULD (a note under the oasis profile).

  # OASIS leaves it to the broker whether a filter beyond an account's rights is refused or granted
  # and then delivers nothing (Mosquitto's way); AWS IoT Core refuses it with 0x87
  @req:RC-16 @profile:aws-iot-core @mqtt5
  Scenario: a SUBSCRIBE mixing granted filters and one the account may not subscribe to gets one reason code per filter
    Given the broker is configured with these accounts:
      | user   | password | may subscribe to |
      | reader | s3cret   | readings/#       |
    And client "reader" is connected with MQTT 5 as user "reader" with password "s3cret"
    When "reader" subscribes to these filters in one SUBSCRIBE:
      | filter        | QoS |
      | readings/temp | 0   |
      | readings/+    | 1   |
      | alarms/#      | 1   |
    Then the SUBACK to "reader" has these reason codes, one per filter:
      | 0x00 |
      | 0x01 |
      | 0x87 |

  @req:RC-16 @mqtt5
  Scenario: a filter deeper than the broker allows gets SUBACK 0x8F, the others are granted
    Given the broker is configured with:
      | most slashes in a topic | 3 (if it can be set) |
    And client "reader" is connected with MQTT 5
    When "reader" subscribes to a filter as deep as the broker allows and one a level deeper, in one SUBSCRIBE
    Then the SUBACK to "reader" has these reason codes, one per filter:
      | 0x01 |
      | 0x8F |

  @req:RC-16 @requires:shared-subscriptions @mqtt5
  Scenario: a shared group at its member limit refuses one more member with SUBACK 0x97
    Given the broker is configured with:
      | members per shared group | 1 |
    And clients "other" and "reader" are connected with MQTT 5
    And "other" has subscribed to "$share/g/readings/+" at QoS 1
    When "reader" subscribes to these filters in one SUBSCRIBE:
      | filter              | QoS |
      | readings/temp       | 1   |
      | $share/g/readings/+ | 1   |
    Then the SUBACK to "reader" has these reason codes, one per filter:
      | 0x01 |
      | 0x97 |

  @req:RC-17 @mqtt5
  Scenario: an UNSUBSCRIBE from an existing, a missing and a refused filter gets one reason code per filter
    Given the broker is configured with:
      | most slashes in a topic | 3 (if it can be set) |
    And client "reader" is connected with MQTT 5
    And "reader" has subscribed to "readings/temp" at QoS 1
    When "reader" unsubscribes from "readings/temp", "readings/humid" and a filter a level deeper than the broker allows, in one UNSUBSCRIBE
    Then the UNSUBACK to "reader" has these reason codes, one per filter:
      | 0x00         |
      | 0x00 or 0x11 |
      | 0x8F         |
