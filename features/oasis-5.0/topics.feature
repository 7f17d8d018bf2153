@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: topic names and topic filters
  Whether the broker matches filters to topics as section 4.7 says: the wildcards and where they may
  stand, `$` topics kept from filters that begin with a wildcard, no empty topic or filter, no
  U+0000, and no normalization of what it compares (OASIS MQTT 5.0, sections 3.3.2 and 4.7).

  @req:MQTT5-4.7.1-1 @requires:wildcard-subscriptions @profile:oasis
  Scenario: "#" is the whole filter or the last level after a "/", and then matches its parent too; anywhere else it is refused
    # AWS IoT Core does not match the parent [DIF-01]: judged under OASIS only
    Given clients "subscriber", "misplaced-1", "misplaced-2" and "publisher" are connected with MQTT 5
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
    Then the broker refuses the filter of "misplaced-1" with SUBACK 0x8F, or disconnects it with 0x81
    And the broker refuses the filter of "misplaced-2" with SUBACK 0x8F, or disconnects it with 0x81

  @req:MQTT5-4.7.1-2 @req:MQTT5-3.3.2-3 @requires:wildcard-subscriptions
  Scenario: "+" stands for one whole level, at any level, and what it delivers matches the filter; inside a level it is refused
    Given clients "subscriber", "inside-1", "inside-2" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "+/lamps/+" at QoS 1
    When "publisher" publishes "on" to "hall/lamps/left" at QoS 1
    And "publisher" publishes "elsewhere" to "hall/doors/left" at QoS 1
    Then [MQTT5-3.3.2-3] "subscriber" receives "on" on "hall/lamps/left"
    And [MQTT5-3.3.2-3] "subscriber" receives nothing on "hall/doors/left"
    When "inside-1" sends a SUBSCRIBE with:
      | filter | lamps+ |
      | QoS    | 1      |
    And "inside-2" sends a SUBSCRIBE with:
      | filter | lamps/+on |
      | QoS    | 1         |
    Then [MQTT5-4.7.1-2] the broker refuses the filter of "inside-1" with SUBACK 0x8F, or disconnects it with 0x81
    And [MQTT5-4.7.1-2] the broker refuses the filter of "inside-2" with SUBACK 0x8F, or disconnects it with 0x81

  @req:MQTT5-4.7.2-1 @requires:wildcard-subscriptions
  Scenario: filters starting with a wildcard do not match a topic starting with "$", a filter naming the topic does
    Given clients "everything", "plus", "exact" and "publisher" are connected with MQTT 5
    And "everything" has subscribed to the broker-wide filter "#" at QoS 0
    And "plus" has subscribed to the broker-wide filter "+/+/things/+/shadow/update" at QoS 0
    And "exact" has subscribed to "$aws/things/lamp/shadow/update" at QoS 0
    When "publisher" publishes "{}" to "$aws/things/lamp/shadow/update" at QoS 0
    Then "exact" receives "{}" on "$aws/things/lamp/shadow/update", unless the broker delivers no message on a topic beginning with "$"
    And "everything" receives nothing on "$aws/things/lamp/shadow/update"
    And "plus" receives nothing on "$aws/things/lamp/shadow/update"

  @req:MQTT5-4.7.3-1 @req:MQTT5-4.7.3-2
  Scenario: an empty topic without a Topic Alias, an empty filter, or a topic or filter holding U+0000 is refused
    Given clients "empty-topic", "empty-filter", "null-topic" and "null-filter" are connected with MQTT 5
    When "empty-topic" sends "a PUBLISH to an empty topic"
    And "empty-filter" sends "a SUBSCRIBE to an empty filter"
    And "null-topic" sends "a PUBLISH whose topic contains U+0000"
    And "null-filter" sends "a SUBSCRIBE to a filter containing U+0000"
    Then [MQTT5-4.7.3-1] the broker closes the connection of "empty-topic", after no DISCONNECT or one with 0x82
    And [MQTT5-4.7.3-1] the broker refuses the filter of "empty-filter" with SUBACK 0x8F, or disconnects it with 0x81 or 0x82
    And [MQTT5-4.7.3-2] the broker closes the connection of "null-topic", after no DISCONNECT or one with 0x81
    And [MQTT5-4.7.3-2] the broker closes the connection of "null-filter", after no DISCONNECT or one with 0x81

  @req:MQTT5-4.7.3-4
  Scenario: topics are matched byte for byte: a precomposed "é" does not match an "e" with a combining accent, nor "A" an "a"
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "caf\u00e9" at QoS 1
    And "subscriber" has subscribed to "A" at QoS 1
    When "publisher" publishes "decomposed" to "cafe\u0301" at QoS 1
    And "publisher" publishes "lower case" to "a" at QoS 1
    And "publisher" publishes "precomposed" to "caf\u00e9" at QoS 1
    Then "subscriber" receives "precomposed" on "caf\u00e9"
    And "subscriber" receives nothing on "cafe\u0301"
    And "subscriber" receives nothing on "a"
