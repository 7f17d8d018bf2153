@area:oasis-5.0 @mqtt5 @requires:shared-subscriptions
Feature: MQTT 5.0: shared subscriptions
  Whether the broker takes only well-formed shared filters, refuses No Local on them, sends a shared
  subscription's messages at no more than its granted QoS, drops a message a member refused rather
  than offering it to another, and finishes a QoS 2 delivery with the member it began with
  (OASIS MQTT 5.0, sections 3.8.3 and 4.8.2).

  @req:MQTT5-4.8.2-1 @req:MQTT5-4.8.2-2
  Scenario: "$share/", a share name without "/", "+" or "#", "/" and a filter is granted; anything else is refused
    Given clients "good", "empty-name", "plus-name", "hash-name" and "no-filter" are connected with MQTT 5
    When "good" subscribes to "$share/g/a/+" at QoS 1
    And "empty-name" sends a SUBSCRIBE with:
      | filter | $share//t |
      | QoS    | 1         |
    And "plus-name" sends a SUBSCRIBE with:
      | filter | $share/g+/t |
      | QoS    | 1           |
    And "hash-name" sends a SUBSCRIBE with:
      | filter | $share/g#/t |
      | QoS    | 1           |
    And "no-filter" sends a SUBSCRIBE with:
      | filter | $share/g |
      | QoS    | 1        |
    Then [MQTT5-4.8.2-2] "good" is granted QoS 1
    And [MQTT5-4.8.2-1] the broker refuses the filter of "empty-name" with SUBACK 0x8F, or disconnects it with 0x81 or 0x82
    And [MQTT5-4.8.2-2] the broker refuses the filter of "plus-name" with SUBACK 0x8F, or disconnects it with 0x81 or 0x82
    And [MQTT5-4.8.2-2] the broker refuses the filter of "hash-name" with SUBACK 0x8F, or disconnects it with 0x81 or 0x82
    And [MQTT5-4.8.2-2] the broker refuses the filter of "no-filter" with SUBACK 0x8F, or disconnects it with 0x81 or 0x82

  @req:MQTT5-3.8.3-4
  Scenario: No Local on a shared subscription is a protocol error
    Given client "member" is connected with MQTT 5
    When "member" sends a SUBSCRIBE with:
      | filter   | $share/g/t |
      | QoS      | 1          |
      | No Local | 1          |
    Then the broker closes the connection of "member", after no DISCONNECT or one with 0x82

  @req:MQTT5-4.8.2-3
  Scenario: a member granted QoS 0 gets a QoS 1 message at QoS 0
    Given clients "member" and "publisher" are connected with MQTT 5
    And "member" subscribes to "meters" in the share group "g" at QoS 0
    When "publisher" publishes "reading" to "meters" at QoS 1
    Then "member" receives "reading" on "meters" at QoS 0

  @req:MQTT5-4.8.2-6 @profile:oasis
  Scenario: a message a member refused with PUBACK 0x80 is not offered to the other member
    # AWS IoT Core passes a message the chosen member cannot take to another [SHR-07]: judged under OASIS only
    Given clients "first", "second" and "publisher" are connected with MQTT 5
    And "first" subscribes to "jobs" in the share group "g" at QoS 1
    And "second" subscribes to "jobs" in the share group "g" at QoS 1
    And "first" answers each PUBLISH with PUBACK 0x80
    And "second" answers each PUBLISH with PUBACK 0x80
    When "publisher" publishes numbered messages 1 to 1 to "jobs" at QoS 1
    Then "first" and "second" together receive each of the numbered messages 1 to 1 on "jobs" exactly once

  @req:MQTT5-4.8.2-4 @req:MQTT5-4.8.2-5 @profile:oasis @requires:qos-2
  Scenario: a QoS 2 delivery cut off before PUBREC goes to the same member when it comes back, and never to another when its session ends
    Given client "kept" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "kept" subscribes to "valves" in the share group "keep" at QoS 2
    And "kept" withholds its QoS 2 answers
    When "publisher" publishes "close" to "valves" at QoS 2
    Then [MQTT5-4.8.2-4] "kept" receives "close" on "valves" at QoS 2
    When "kept" drops its connection
    And "kept" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-4.8.2-4] "kept" receives "close" on "valves" at QoS 2
    Given clients "lost" and "other" are connected with MQTT 5
    And "lost" subscribes to "pumps" in the share group "lose" at QoS 2
    And "lost" withholds its QoS 2 answers
    When "publisher" publishes "start" to "pumps" at QoS 2
    Then [MQTT5-4.8.2-5] "lost" receives "start" on "pumps" at QoS 2
    When "other" subscribes to "pumps" in the share group "lose" at QoS 2
    And "lost" drops its connection
    Then [MQTT5-4.8.2-5] "other" receives nothing on "pumps"
