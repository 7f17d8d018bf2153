@area:mqtt5
Feature: Message Expiry Interval
  Whether a message is dropped once its expiry interval has passed (and not before), arrives with
  the time it has left, has its interval kept within [1, 604800] seconds under AWS IoT Core, and
  expires for MQTT 3.1.1 subscribers too. The short expiry is the shortest interval the broker
  checks in time (its descriptor's expiryCheckIntervalMs).

  @req:M5-04 @req:M5-05 @mqtt5 @slow
  Scenario: a message waits for an offline subscriber until it expires, and arrives with the time it has left
    Given client "early" is connected with MQTT 5 and a persistent session
    And client "late" is connected with MQTT 5 and a persistent session
    And "early" has subscribed to "alerts" at QoS 1
    And "late" has subscribed to "alerts" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "early" disconnects
    And "late" disconnects
    And "publisher" publishes "short-lived" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | short |
    And "publisher" publishes "long-lived" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 60 |
    And "early" reconnects with MQTT 5 and its persistent session
    Then [M5-04] "early" receives "short-lived" on "alerts"
    And [M5-05] "early" receives "long-lived" on "alerts" with these properties:
      | Message Expiry Interval | between 58 and 60 |
    When "late" stays offline past the short expiry
    And "late" reconnects with MQTT 5 and its persistent session
    Then [M5-05] "late" receives "long-lived" on "alerts" with these properties:
      | Message Expiry Interval | between 1 and 59 |
    And [M5-04] "late" receives nothing else on "alerts"

  @req:M5-05 @req:M5-06 @req:M5-07 @profile:aws-iot-core @mqtt5 @mqtt311 @slow
  Scenario: an expiry of 0 counts as 1 s and shows 0 under a second, and MQTT 3.1.1 subscribers see messages expire too
    # "instant" asks for 0 s: it must survive the moment it is routed ("early" gets it, with 0 s
    # left) yet be gone once a second has passed; an MQTT 5 message's expiry holds for the MQTT
    # 3.1.1 "late-3" too
    Given client "early" is connected with MQTT 5 and a persistent session
    And client "late-3" is connected with MQTT 3.1.1 and a persistent session
    And each of "early" and "late-3" has subscribed to "alerts" at QoS 1
    And client "publisher" is connected with MQTT 5
    # a broker that accepts a client identifier's CONNECT only once a second [LIM-04] takes "early"
    # back at once from here on, so "instant" waits only as long as its reconnection
    When "early" has waited out the broker's CONNECT rate
    And "early" disconnects
    And "late-3" disconnects
    And "publisher" publishes "instant" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 0 |
    And "publisher" publishes "short-lived" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | short |
    And "publisher" publishes "lasting" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 60 |
    And "early" reconnects with MQTT 5 and its persistent session
    Then [M5-06] "early" receives "instant" on "alerts"
    And [M5-05] "early" receives "short-lived" on "alerts" with the whole seconds it has left, 0 under a second
    When "late-3" stays offline past the short expiry
    And "late-3" reconnects with MQTT 3.1.1 and its persistent session
    Then [M5-07] "late-3" receives "lasting" on "alerts"
    And [M5-07] "late-3" receives nothing else on "alerts"

  @req:M5-06 @profile:aws-iot-core @mqtt5
  Scenario: an expiry interval above 604800 is lowered to 604800
    Given client "subscriber" is connected with MQTT 5
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "alerts" at QoS 1
    When "publisher" publishes "for-ever" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 700000 |
    Then "subscriber" receives "for-ever" on "alerts" with these properties:
      | Message Expiry Interval | between 604799 and 604800 |
