@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: strings, fixed headers, property sections and packet identifiers
  Whether the broker closes a connection over ill-formed strings, reserved fixed-header flags and
  malformed packets, keeps the bytes EF BB BF of a string as they are, writes its own packets in
  the shortest form with the reserved flags of their type and a property section even when it is
  empty, and numbers packets as the specification says (OASIS MQTT 5.0, chapters 1, 2 and 4.13).
  Every packet any scenario receives is also checked against these format rules.

  @req:MQTT5-1.5.4-1 @req:MQTT5-1.5.4-2
  Scenario: a topic that is not well-formed UTF-8, encodes a surrogate or holds U+0000 ends the connection
    Given clients "cut-off", "surrogate" and "null" are connected with MQTT 5
    When "cut-off" sends "a PUBLISH whose topic is not valid UTF-8"
    And "surrogate" sends "a PUBLISH whose topic encodes a surrogate"
    And "null" sends "a PUBLISH whose topic contains U+0000"
    Then [MQTT5-1.5.4-1] the broker closes the connection of "cut-off", after no DISCONNECT or one with 0x81
    And [MQTT5-1.5.4-1] the broker closes the connection of "surrogate", after no DISCONNECT or one with 0x81
    And [MQTT5-1.5.4-2] the broker closes the connection of "null", after no DISCONNECT or one with 0x81

  @req:MQTT5-1.5.4-3
  Scenario: the bytes EF BB BF in a topic are part of it: a subscription to the topic with them gets its messages, and not those of the topic without them
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "\uFEFFlamp" at QoS 1
    When "publisher" publishes "with the bytes" to "\uFEFFlamp" at QoS 1
    And "publisher" publishes "without them" to "lamp" at QoS 1
    Then "subscriber" receives "with the bytes" on "\uFEFFlamp"
    And "subscriber" receives nothing on "lamp"

  @req:MQTT5-1.5.7-1
  Scenario: a user property whose name holds U+0000 or whose value is not UTF-8 ends the connection; well-formed pairs are forwarded intact
    Given clients "subscriber", "publisher", "null-name" and "bad-value" are connected with MQTT 5
    And "subscriber" has subscribed to "tagged" at QoS 1
    When "null-name" sends "a PUBLISH with a user property whose name holds U+0000"
    And "bad-value" sends "a PUBLISH with a user property whose value is not valid UTF-8"
    And "publisher" publishes "tagged message" to "tagged" at QoS 1 with these user properties in this order:
      | zone  | hall |
      | größe | 3    |
    Then the broker closes the connection of "null-name", after no DISCONNECT or one with 0x81
    And the broker closes the connection of "bad-value", after no DISCONNECT or one with 0x81
    And "subscriber" receives "tagged message" on "tagged" with these user properties in this order:
      | zone  | hall |
      | größe | 3    |

  @req:MQTT5-2.1.3-1 @req:MQTT5-1.5.5-1 @req:MQTT5-2.2.2-1 @req:MQTT5-2.2.1-6 @req:MQTT5-3.12.4-1 @req:MQTT5-4.2-1
  Scenario: every packet the broker sends has the flags of its type, the shortest lengths and a property section; SUBACK and UNSUBACK echo the identifier; PINGREQ gets PINGRESP
    Given client "device" is connected with MQTT 5
    When "device" sends a SUBSCRIBE with:
      | filter            | readings |
      | QoS               | 1        |
      | packet identifier | 4660     |
    Then [MQTT5-2.2.1-6] "device" receives a SUBACK with packet identifier 4660
    When "device" sends a PUBLISH to "readings" of 200 bytes
    Then [MQTT5-4.2-1] "device" receives a message on "readings"
    When "device" sends an UNSUBSCRIBE with:
      | filter            | readings |
      | packet identifier | 48879    |
    Then [MQTT5-2.2.1-6] "device" receives an UNSUBACK with packet identifier 48879
    And [MQTT5-3.12.4-1] "device" still answers PINGREQ
    And [MQTT5-2.1.3-1] the packets "device" received keep that rule
    And [MQTT5-1.5.5-1] the packets "device" received keep that rule
    And [MQTT5-2.2.2-1] the packets "device" received keep that rule

  @req:MQTT5-2.2.2-1
  Scenario: a CONNECT without its Property Length is refused
    When client "short" opens a connection with MQTT 5
    And "short" sends "a CONNECT without its Property Length"
    Then the broker closes the connection of "short", with or without a CONNACK that refuses it

  @req:MQTT5-2.1.3-1 @req:MQTT5-3.8.1-1 @req:MQTT5-3.10.1-1 @req:MQTT5-3.14.1-1
  Scenario: PINGREQ, SUBSCRIBE, UNSUBSCRIBE and DISCONNECT with reserved fixed-header flags end the connection unanswered
    Given clients "ping-flags", "subscribe-flags", "unsubscribe-flags" and "disconnect-flags" are connected with MQTT 5
    When "ping-flags" sends the bytes `C1 00`
    And "subscribe-flags" sends "a SUBSCRIBE with fixed-header flags 0000"
    And "unsubscribe-flags" sends "an UNSUBSCRIBE with fixed-header flags 0000"
    And "disconnect-flags" sends the bytes `E1 00`
    Then [MQTT5-2.1.3-1] the broker closes the connection of "ping-flags", after no DISCONNECT or one with 0x81
    And [MQTT5-2.1.3-1] "ping-flags" receives no PINGRESP
    And [MQTT5-3.8.1-1] the broker closes the connection of "subscribe-flags", after no DISCONNECT or one with 0x81
    And [MQTT5-3.8.1-1] "subscribe-flags" receives no SUBACK
    And [MQTT5-3.10.1-1] the broker closes the connection of "unsubscribe-flags", after no DISCONNECT or one with 0x81
    And [MQTT5-3.10.1-1] "unsubscribe-flags" receives no UNSUBACK
    And [MQTT5-3.14.1-1] the broker closes the connection of "disconnect-flags", after no DISCONNECT or one with 0x81

  @req:MQTT5-2.2.1-2 @req:MQTT5-4.3.1-1 @req:MQTT5-3.3.1-2
  Scenario: a QoS 0 delivery carries no packet identifier, QoS 0 and DUP 0
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "meters" at QoS 0
    When "publisher" publishes "reading" to "meters" at QoS 0
    Then [MQTT5-4.3.1-1] "subscriber" receives "reading" on "meters" at QoS 0
    And [MQTT5-2.2.1-2] the QoS 0 PUBLISH of "reading" "subscriber" received has no packet identifier
    And [MQTT5-3.3.1-2] every PUBLISH "subscriber" received has DUP 0

  @req:MQTT5-2.2.1-4 @req:MQTT5-4.3.2-1 @req:MQTT5-4.3.2-2
  Scenario: deliveries awaiting PUBACK carry different identifiers, none 0, with QoS 1 and DUP 0 the first time
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "jobs" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes numbered messages 1 to 3 to "jobs" at QoS 1
    # a broker may keep fewer deliveries in flight than were published
    Then [MQTT5-4.3.2-2] "subscriber" receives at least one but no more than 3 of the numbered messages on "jobs"
    And [MQTT5-2.2.1-4] the QoS 1 PUBLISHes "subscriber" received carry different packet identifiers, none of them 0
    And [MQTT5-4.3.2-1] the QoS 1 PUBLISHes "subscriber" received carry different packet identifiers, none of them 0
    And [MQTT5-4.3.2-2] every PUBLISH "subscriber" received has DUP 0

  @req:MQTT5-2.2.1-5 @req:MQTT5-4.3.2-4 @req:MQTT5-4.3.2-5
  Scenario: a PUBACK carries the identifier of its PUBLISH; once acknowledged, the identifier with DUP 1 is a new message
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "meters" at QoS 1
    When "publisher" sends a QoS 1 PUBLISH of "first" to "meters" with packet identifier 513
    Then [MQTT5-2.2.1-5] "publisher" receives a PUBACK with packet identifier 513
    And [MQTT5-4.3.2-4] "publisher" receives a PUBACK with packet identifier 513 and reason code 0x00
    When "publisher" sends a PUBLISH with:
      | topic             | meters |
      | payload           | second |
      | QoS               | 1      |
      | packet identifier | 513    |
      | DUP               | 1      |
    Then [MQTT5-4.3.2-5] "subscriber" receives "first" on "meters"
    And [MQTT5-4.3.2-5] "subscriber" receives "second" on "meters"

  @req:MQTT5-4.13.1-1 @req:MQTT5-3.3.1-4 @req:MQTT5-4.13.2-1
  Scenario: a malformed PUBLISH and a protocol error each end the connection, any DISCONNECT of 0x80 or above followed by the close
    Given clients "qos-3" and "alias-0" are connected with MQTT 5
    When "qos-3" sends "a PUBLISH with QoS 3"
    And "alias-0" sends a PUBLISH breaking the topic alias rules, with:
      | topic       | lamps |
      | payload     | on    |
      | Topic Alias | 0     |
    Then [MQTT5-3.3.1-4] the broker closes the connection of "qos-3", after no DISCONNECT or one with 0x81
    And [MQTT5-4.13.1-1] the broker closes the connection of "alias-0", after no DISCONNECT or one with 0x94
    And [MQTT5-4.13.2-1] every CONNACK or DISCONNECT "qos-3" and "alias-0" received with a code of 0x80 or above was followed by the close
