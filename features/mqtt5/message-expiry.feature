@area:mqtt5 @requires:short-session-expiry
Feature: Message Expiry Interval
  Whether a message is dropped once its expiry interval has passed, arrives with the time it has
  left (0 under a second), has its interval kept within [1, 604800] seconds, and expires for MQTT
  3.1.1 subscribers too.

  @req:M5-04 @req:M5-05 @profile:oasis @mqtt5 @slow
  Scenario: a message waits for an offline subscriber until it expires, and arrives with the whole seconds it has left
    # "short-lived" expires after 1 s, "long-lived" after 60 s; "early" comes back at once, "late"
    # after the second has passed. Under aws-iot-core the next scenario checks the same, together
    # with AWS's own rules, so that the second is waited out once per run.
    Given client "early" is connected with MQTT 5 and a persistent session
    And client "late" is connected with MQTT 5 and a persistent session
    And "early" has subscribed to "alerts" at QoS 1
    And "late" has subscribed to "alerts" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "early" disconnects
    And "late" disconnects
    And "publisher" publishes "short-lived" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 1 |
    And "publisher" publishes "long-lived" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 60 |
    And "early" reconnects with MQTT 5 and its persistent session
    Then "early" receives "short-lived" on "alerts" with these properties:
      | Message Expiry Interval | 0 |
    And "early" receives "long-lived" on "alerts" with these properties:
      | Message Expiry Interval | 59 |
    When 1.2 seconds go by
    And "late" reconnects with MQTT 5 and its persistent session
    Then "late" receives "long-lived" on "alerts" with these properties:
      | Message Expiry Interval | between 1 and 58 |
    And "late" receives nothing on "alerts"

  @req:M5-04 @req:M5-05 @req:M5-06 @req:M5-07 @profile:aws-iot-core @mqtt5 @mqtt311 @slow
  Scenario: messages wait for offline subscribers until they expire, an expiry of 0 counting as 1 s, for MQTT 3.1.1 subscribers too
    # "instant" asks for 0 s: it must survive the moment it is routed ("early" gets it) yet be gone
    # after a second, like "short-lived"; an MQTT 5 message's expiry holds for the MQTT 3.1.1
    # "late-3" too; "lasting" expires after 60 s and arrives with the whole seconds it has left
    Given client "early" is connected with MQTT 5 and a persistent session
    And client "late-5" is connected with MQTT 5 and a persistent session
    And client "late-3" is connected with MQTT 3.1.1 and a persistent session
    And each of "early", "late-5" and "late-3" has subscribed to "alerts" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "early" disconnects
    And "late-5" disconnects
    And "late-3" disconnects
    And "publisher" publishes "instant" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 0 |
    And "publisher" publishes "short-lived" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 1 |
    And "publisher" publishes "lasting" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 60 |
    And "early" reconnects with MQTT 5 and its persistent session
    Then "early" receives "instant" on "alerts" with these properties:
      | Message Expiry Interval | 0 |
    When 1.2 seconds go by
    And "late-5" reconnects with MQTT 5 and its persistent session
    And "late-3" reconnects with MQTT 3.1.1 and its persistent session
    Then "late-5" receives "lasting" on "alerts" with these properties:
      | Message Expiry Interval | between 1 and 58 |
    And "late-3" receives "lasting" on "alerts"
    And "late-5" and "late-3" receive nothing else on "alerts"

  @req:M5-06 @profile:aws-iot-core @mqtt5
  Scenario: an expiry interval above 604800 is lowered to 604800
    Given client "subscriber" is connected with MQTT 5
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "alerts" at QoS 1
    When "publisher" publishes "for-ever" to "alerts" at QoS 1 with these properties:
      | Message Expiry Interval | 700000 |
    Then "subscriber" receives "for-ever" on "alerts" with these properties:
      | Message Expiry Interval | between 604799 and 604800 |
