@area:oasis-3.1.1 @mqtt311
Feature: MQTT 3.1.1: topic names, topic filters and order
  Whether the broker matches filters to topics as section 4.7 says (the wildcards, `$` topics, no
  empty or null topics, no normalization), keeps the order of one publisher's messages on a topic,
  and closes a connection that breaks the protocol (OASIS MQTT 3.1.1, sections 4.6 to 4.8).

  @req:MQTT-4.7.1-2 @requires:wildcard-subscriptions @profile:oasis
  Scenario: "#" is the whole filter or the last level after a "/", and then matches its parent too; anywhere else it is refused
    # AWS IoT Core does not match the parent [DIF-01]: judged under OASIS only
    Given clients "subscriber", "misplaced-1", "misplaced-2" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "lamps/#" at QoS 1
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | lamps         |
      | lamps/kitchen |
    Then "subscriber" receives a message on each of these topics:
      | lamps         |
      | lamps/kitchen |
    When "misplaced-1" sends a SUBSCRIBE with:
      | filter | lamps# |
      | QoS    | 1      |
    And "misplaced-2" sends a SUBSCRIBE with:
      | filter | lamps/#/on |
      | QoS    | 1          |
    Then the broker refuses the filter of "misplaced-1" with SUBACK 0x80
    And the broker refuses the filter of "misplaced-2" with SUBACK 0x80

  @req:MQTT-4.7.1-3 @requires:wildcard-subscriptions
  Scenario: "+" stands for one whole level, at any level; inside a level it is refused
    Given clients "subscriber", "inside-1", "inside-2" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "+/lamps/+" at QoS 1
    When "publisher" publishes "on" to "hall/lamps/left" at QoS 1
    Then "subscriber" receives "on" on "hall/lamps/left"
    When "inside-1" sends a SUBSCRIBE with:
      | filter | lamps+ |
      | QoS    | 1      |
    And "inside-2" sends a SUBSCRIBE with:
      | filter | lamps/+on |
      | QoS    | 1         |
    Then the broker refuses the filter of "inside-1" with SUBACK 0x80
    And the broker refuses the filter of "inside-2" with SUBACK 0x80

  @req:MQTT-4.7.2-1 @requires:wildcard-subscriptions
  Scenario: filters starting with a wildcard do not match a topic starting with "$", a filter naming the topic does
    Given clients "everything", "plus", "exact" and "publisher" are connected with MQTT 3.1.1
    And "everything" has subscribed to the broker-wide filter "#" at QoS 0
    And "plus" has subscribed to the broker-wide filter "+/+/things/+/shadow/update" at QoS 0
    And "exact" has subscribed to "$aws/things/lamp/shadow/update" at QoS 0
    When "publisher" publishes "{}" to "$aws/things/lamp/shadow/update" at QoS 0
    Then "exact" receives "{}" on "$aws/things/lamp/shadow/update", unless the broker delivers no message on a topic beginning with "$"
    And "everything" receives nothing on "$aws/things/lamp/shadow/update"
    And "plus" receives nothing on "$aws/things/lamp/shadow/update"

  @req:MQTT-4.7.3-1 @req:MQTT-4.7.3-2
  Scenario: an empty topic, or a topic or filter holding U+0000, is refused
    Given clients "empty-topic", "empty-filter", "null-topic" and "null-filter" are connected with MQTT 3.1.1
    When "empty-topic" sends "a PUBLISH to an empty topic"
    And "empty-filter" sends "a SUBSCRIBE to an empty filter"
    And "null-topic" sends "a PUBLISH whose topic contains U+0000"
    And "null-filter" sends "a SUBSCRIBE to a filter containing U+0000"
    Then [MQTT-4.7.3-1] the broker closes the connection of "empty-topic"
    And [MQTT-4.7.3-1] the broker refuses the filter of "empty-filter" with SUBACK 0x80
    And [MQTT-4.7.3-2] the broker closes the connection of "null-topic"
    And [MQTT-4.7.3-2] the broker closes the connection of "null-filter"

  @req:MQTT-4.7.3-4
  Scenario: topics are matched byte for byte: a precomposed "é" does not match an "e" with a combining accent
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "caf\u00e9" at QoS 1
    When "publisher" publishes "decomposed" to "cafe\u0301" at QoS 1
    And "publisher" publishes "precomposed" to "caf\u00e9" at QoS 1
    Then "subscriber" receives "precomposed" on "caf\u00e9"
    And "subscriber" receives nothing on "cafe\u0301"

  @req:MQTT-4.6.0-5 @req:MQTT-4.6.0-6
  Scenario: messages one client publishes to a topic at QoS 1 reach a subscriber in the order sent
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "ticks" at QoS 1
    When "publisher" publishes numbered messages 1 to 100 to "ticks" at QoS 1
    Then [MQTT-4.6.0-6] "subscriber" receives the numbered messages 1 to 100 on "ticks" in that order
    And [MQTT-4.6.0-5] "subscriber" receives the numbered messages 1 to 100 on "ticks" in that order

  @req:MQTT-4.8.0-1 @req:MQTT-3.14.1-1
  Scenario: a packet of a reserved type, or a DISCONNECT with reserved flags set, closes the connection
    Given clients "type-0", "type-15" and "disconnect-flags" are connected with MQTT 3.1.1
    When "type-0" sends "a packet of type 0"
    And "type-15" sends "a packet of type 15"
    And "disconnect-flags" sends the bytes `E1 00`
    Then [MQTT-4.8.0-1] the broker closes the connection of "type-0"
    And [MQTT-4.8.0-1] the broker closes the connection of "type-15"
    And [MQTT-3.14.1-1] the broker closes the connection of "disconnect-flags"
