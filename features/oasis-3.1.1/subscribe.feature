@area:oasis-3.1.1 @mqtt311
Feature: MQTT 3.1.1: SUBSCRIBE, UNSUBSCRIBE and their acknowledgements
  Whether the broker answers each SUBSCRIBE and UNSUBSCRIBE once, with the packet identifier and
  one code per filter in order, replaces a subscription it already holds, delivers at the lower of
  the published and granted QoS, deletes only an identical subscription, finishes what it had
  started, and closes the connection over malformed ones (OASIS MQTT 3.1.1, sections 3.8 to 3.11).

  @req:MQTT-3.8.1-1 @req:MQTT-3.10.1-1 @req:MQTT-3.8.3-3 @req:MQTT-3.10.3-2
  Scenario: a SUBSCRIBE or UNSUBSCRIBE with wrong fixed-header flags or without a topic filter closes the connection, unanswered
    Given clients "flags-sub", "flags-unsub", "empty-sub" and "empty-unsub" are connected with MQTT 3.1.1
    When "flags-sub" sends "a SUBSCRIBE with fixed-header flags 0000"
    And "flags-unsub" sends "an UNSUBSCRIBE with fixed-header flags 0000"
    And "empty-sub" sends "a SUBSCRIBE without a topic filter"
    And "empty-unsub" sends "an UNSUBSCRIBE without a topic filter"
    Then [MQTT-3.8.1-1] the broker closes the connection of "flags-sub"
    And [MQTT-3.8.1-1] "flags-sub" receives no SUBACK
    And [MQTT-3.10.1-1] the broker closes the connection of "flags-unsub"
    And [MQTT-3.10.1-1] "flags-unsub" receives no UNSUBACK
    And [MQTT-3.8.3-3] the broker closes the connection of "empty-sub"
    And [MQTT-3.10.3-2] the broker closes the connection of "empty-unsub"

  @req:MQTT-3.8.3-4
  Scenario: a SUBSCRIBE requesting QoS 3, or with a reserved bit set in its requested QoS, closes the connection without a SUBACK
    Given clients "qos-3" and "reserved-bit" are connected with MQTT 3.1.1
    When "qos-3" sends "a SUBSCRIBE requesting QoS 3"
    And "reserved-bit" sends "a SUBSCRIBE with a reserved bit in its requested QoS"
    Then the broker closes the connection of "qos-3"
    And "qos-3" receives no SUBACK
    And the broker closes the connection of "reserved-bit"
    And "reserved-bit" receives no SUBACK

  @req:MQTT-3.8.3-2
  Scenario: a broker without wildcard subscriptions refuses every filter with + or #
    Given the broker does not offer wildcard subscriptions
    And client "subscriber" is connected with MQTT 3.1.1
    When "subscriber" subscribes to these filters in one SUBSCRIBE:
      | filter | QoS |
      | a/+    | 1   |
      | a/#    | 1   |
    Then the SUBACK to "subscriber" has these reason codes, one per filter:
      | 0x80 |
      | 0x80 |

  @req:MQTT-3.8.4-1 @req:MQTT-3.8.4-2 @req:MQTT-3.8.4-4 @req:MQTT-3.8.4-5 @req:MQTT-3.9.3-1 @req:MQTT-3.9.3-2
  Scenario: one SUBSCRIBE with three filters gets one SUBACK, with its identifier and a code per filter in order, and each filter works
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    When "subscriber" sends a SUBSCRIBE with:
      | filter            | a    |
      | QoS               | 1    |
      | filter            | b    |
      | QoS               | 0    |
      | filter            | c    |
      | QoS               | 1    |
      | packet identifier | 2571 |
    Then [MQTT-3.8.4-2] "subscriber" receives a SUBACK with packet identifier 2571 and reason code 0x00 or 0x01
    And [MQTT-3.8.4-1] "subscriber" receives no SUBACK
    And [MQTT-3.9.3-2] the packets "subscriber" received keep that rule
    When "subscriber" subscribes to these filters in one SUBSCRIBE:
      | filter | QoS |
      | d      | 1   |
      | e      | 0   |
      | f      | 1   |
    Then [MQTT-3.8.4-5] the SUBACK to "subscriber" has these reason codes, one per filter:
      | 0x00 or 0x01 |
      | 0x00         |
      | 0x00 or 0x01 |
    And [MQTT-3.9.3-1] the SUBACK to "subscriber" has these reason codes, one per filter:
      | 0x01 |
      | 0x00 |
      | 0x01 |
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | a |
      | b |
      | c |
    Then [MQTT-3.8.4-4] "subscriber" receives a message on each of these topics:
      | a |
      | b |
      | c |

  @req:MQTT-3.8.4-3
  Scenario: subscribing again to the same filter replaces the subscription: the retained message comes again, later messages once, at the new QoS
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "config" at QoS 0
    When "publisher" publishes the retained message "v1" to "config"
    Then "subscriber" receives "v1" on "config" with RETAIN 0
    When "subscriber" subscribes to "config" at QoS 1
    Then "subscriber" receives "v1" on "config" with RETAIN 1
    When "publisher" publishes "v2" to "config" at QoS 1
    Then "subscriber" receives "v2" on "config" at QoS 1
    And "subscriber" receives nothing else on "config"

  @req:MQTT-3.8.4-6
  Scenario: a message goes out at the lower of its own QoS and the QoS granted
    Given clients "granted-0", "granted-1" and "publisher" are connected with MQTT 3.1.1
    And "granted-0" has subscribed to "meters" at QoS 0
    And "granted-1" has subscribed to "meters" at QoS 1
    When "publisher" publishes "at 1" to "meters" at QoS 1
    And "publisher" publishes "at 0" to "meters" at QoS 0
    Then "granted-0" receives "at 1" on "meters" at QoS 0
    And "granted-1" receives "at 0" on "meters" at QoS 0
    And "granted-1" receives "at 1" on "meters" at QoS 1

  @req:MQTT-3.10.4-1 @req:MQTT-3.10.4-2 @requires:wildcard-subscriptions
  Scenario: an UNSUBSCRIBE deletes only a subscription with exactly its filter, and nothing is delivered for a deleted one
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "lamps/+" at QoS 1
    When "subscriber" unsubscribes from these filters in one UNSUBSCRIBE:
      | lamps/kitchen |
    And "publisher" publishes "still" to "lamps/kitchen" at QoS 1
    Then [MQTT-3.10.4-1] "subscriber" receives "still" on "lamps/kitchen"
    When "subscriber" unsubscribes from these filters in one UNSUBSCRIBE:
      | lamps/+ |
    And "publisher" publishes "gone" to "lamps/kitchen" at QoS 1
    Then [MQTT-3.10.4-2] "subscriber" receives nothing else on "lamps/kitchen"

  @req:MQTT-3.10.4-3
  Scenario: a QoS 1 delivery under way when its subscription is deleted is still completed
    Given client "subscriber" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "orders" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes "order-3" to "orders" at QoS 1
    Then "subscriber" receives "order-3" on "orders" at QoS 1
    When "subscriber" unsubscribes from these filters in one UNSUBSCRIBE:
      | orders |
    And "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 3.1.1 and its persistent session
    Then "subscriber" receives "order-3" on "orders" at QoS 1

  @req:MQTT-3.10.4-4 @req:MQTT-3.10.4-5 @req:MQTT-3.10.4-6
  Scenario: each UNSUBSCRIBE gets one UNSUBACK with its identifier, also when it deleted nothing, and deletes every filter it lists
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "a" at QoS 1
    And "subscriber" has subscribed to "b" at QoS 1
    When "subscriber" sends an UNSUBSCRIBE with:
      | filter            | never-subscribed |
      | packet identifier | 4097             |
    Then [MQTT-3.10.4-5] "subscriber" receives an UNSUBACK with packet identifier 4097
    When "subscriber" sends an UNSUBSCRIBE with:
      | filter            | a    |
      | filter            | b    |
      | packet identifier | 4098 |
    Then [MQTT-3.10.4-4] "subscriber" receives an UNSUBACK with packet identifier 4098
    And [MQTT-3.10.4-6] "subscriber" receives no UNSUBACK
    When "publisher" publishes "after" to "a" at QoS 1
    And "publisher" publishes "after" to "b" at QoS 1
    Then [MQTT-3.10.4-6] "subscriber" receives nothing on any of these topics:
      | a |
      | b |
