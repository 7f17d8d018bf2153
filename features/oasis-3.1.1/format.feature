@area:oasis-3.1.1 @mqtt311
Feature: MQTT 3.1.1: strings, fixed headers and packet identifiers
  Whether the broker closes a connection over ill-formed strings and fixed-header flags, keeps the
  bytes EF BB BF of a string as they are, gives its packets the reserved flags of their type, and
  numbers packets as the specification says (OASIS MQTT 3.1.1, chapters 1 and 2). Every packet any
  scenario receives is also checked against these format rules.

  @req:MQTT-1.5.3-1 @req:MQTT-1.5.3-2
  Scenario: a topic that is not well-formed UTF-8, encodes a surrogate or holds U+0000 closes the connection
    Given clients "cut-off", "surrogate" and "null" are connected with MQTT 3.1.1
    When "cut-off" sends "a PUBLISH whose topic is not valid UTF-8"
    And "surrogate" sends "a PUBLISH whose topic encodes a surrogate"
    And "null" sends "a PUBLISH whose topic contains U+0000"
    Then [MQTT-1.5.3-1] the broker closes the connection of "cut-off"
    And [MQTT-1.5.3-1] the broker closes the connection of "surrogate"
    And [MQTT-1.5.3-2] the broker closes the connection of "null"

  @req:MQTT-1.5.3-3
  Scenario: the bytes EF BB BF in a topic are part of it: a subscription to the topic with them gets its messages, and not those of the topic without them
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "\uFEFFlamp" at QoS 1
    When "publisher" publishes "with the bytes" to "\uFEFFlamp" at QoS 1
    And "publisher" publishes "without them" to "lamp" at QoS 1
    Then "subscriber" receives "with the bytes" on "\uFEFFlamp"
    And "subscriber" receives nothing on "lamp"

  @req:MQTT-2.2.2-2
  Scenario: a PINGREQ with fixed-header flags 0001 closes the connection without a PINGRESP
    Given client "device" is connected with MQTT 3.1.1
    When "device" sends the bytes `C1 00`
    Then the broker closes the connection of "device"
    And "device" receives no PINGRESP

  @req:MQTT-2.2.2-1 @req:MQTT-2.3.1-7 @req:MQTT-3.12.4-1
  Scenario: every packet the broker sends has the fixed-header flags of its type; SUBACK and UNSUBACK echo the identifier; PINGREQ gets PINGRESP
    Given client "device" is connected with MQTT 3.1.1
    When "device" sends a SUBSCRIBE with:
      | filter            | readings |
      | QoS               | 1        |
      | packet identifier | 4660     |
    Then [MQTT-2.3.1-7] "device" receives a SUBACK with packet identifier 4660
    When "device" publishes "21.5" to "readings" at QoS 1
    Then [MQTT-2.2.2-1] "device" receives "21.5" on "readings" at QoS 1
    When "device" sends an UNSUBSCRIBE with:
      | filter            | readings |
      | packet identifier | 48879    |
    Then [MQTT-2.3.1-7] "device" receives an UNSUBACK with packet identifier 48879
    And [MQTT-3.12.4-1] "device" still answers PINGREQ
    And [MQTT-2.2.2-1] the packets "device" received keep that rule

  @req:MQTT-2.3.1-1
  Scenario: a SUBSCRIBE or a QoS 1 PUBLISH with packet identifier 0 closes the connection, and the broker's own deliveries never use 0
    Given clients "subscriber", "publisher" and "zero" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "jobs" at QoS 1
    When "publisher" publishes numbered messages 1 to 3 to "jobs" at QoS 1
    Then "subscriber" receives each of the numbered messages 1 to 3 on "jobs"
    And the packets "subscriber" received keep that rule
    When "zero" sends "a QoS 1 PUBLISH with packet identifier 0"
    Then the broker closes the connection of "zero"

  @req:MQTT-2.3.1-4 @req:MQTT-4.3.2-1 @req:MQTT-4.4.0-1 @profile:oasis
  Scenario: deliveries awaiting PUBACK carry different identifiers, and keep them when sent again after a reconnect
    # AWS IoT Core may resend a message under another identifier [QOS-08]: judged under OASIS only
    Given client "subscriber" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "jobs" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes numbered messages 1 to 3 to "jobs" at QoS 1
    # a broker may keep fewer deliveries in flight than were published
    Then [MQTT-4.3.2-1] "subscriber" receives at least one but no more than 3 of the numbered messages on "jobs"
    And [MQTT-2.3.1-4] the QoS 1 PUBLISHes "subscriber" received carry different packet identifiers, none of them 0
    And [MQTT-4.3.2-1] every PUBLISH "subscriber" received has DUP 0
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 3.1.1 and its persistent session
    Then [MQTT-4.4.0-1] "subscriber" receives each of the numbered messages 1 to 3 on "jobs"
    And [MQTT-2.3.1-4] "subscriber" received each unacknowledged message again with the packet identifier it had before

  @req:MQTT-2.3.1-5 @req:MQTT-4.3.1-1
  Scenario: a QoS 0 delivery carries no packet identifier, and QoS 0 with DUP 0 in its first byte
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "meters" at QoS 0
    When "publisher" publishes "reading" to "meters" at QoS 0
    Then [MQTT-4.3.1-1] "subscriber" receives "reading" on "meters" at QoS 0
    And [MQTT-2.3.1-5] the QoS 0 PUBLISH of "reading" "subscriber" received has no packet identifier
    And [MQTT-4.3.1-1] every PUBLISH "subscriber" received has DUP 0

  @req:MQTT-2.3.1-6 @req:MQTT-4.3.2-2
  Scenario: a PUBACK carries the identifier of its PUBLISH; a later PUBLISH with that identifier is a new message
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "meters" at QoS 1
    When "publisher" sends a QoS 1 PUBLISH of "first" to "meters" with packet identifier 513
    Then [MQTT-2.3.1-6] "publisher" receives a PUBACK with packet identifier 513
    When "publisher" sends a PUBLISH with:
      | topic             | meters |
      | payload           | second |
      | QoS               | 1      |
      | packet identifier | 513    |
      | DUP               | 1      |
    Then [MQTT-4.3.2-2] "subscriber" receives "first" on "meters"
    And [MQTT-4.3.2-2] "subscriber" receives "second" on "meters"
