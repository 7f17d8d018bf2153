@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: QoS 1 and QoS 2 exchanges, and what is sent again
  Whether the broker keeps a QoS 1 or QoS 2 delivery outstanding until it is acknowledged and sends
  it again after a reconnect (and nothing while the connection stays), takes a QoS 2 PUBLISH
  exactly once, answers PUBREL with PUBCOMP and an unknown PUBREL with 0x92, stops sending the
  PUBLISH once its PUBREL is out, treats a negative acknowledgement as final, and lets Message
  Expiry end neither a QoS 2 exchange nor a transmitted one (OASIS MQTT 5.0, sections 3.4 to 3.7,
  4.3 and 4.4). AWS IoT Core has no QoS 2 [QOS-05, QOS-06]: those scenarios run under OASIS only.

  @req:MQTT5-4.3.2-3 @req:MQTT5-4.4.0-1 @profile:oasis
  Scenario: an unacknowledged QoS 1 delivery is not sent again while the connection stays, and is sent again, same identifier, after a reconnect
    # AWS IoT Core may resend under another identifier [QOS-08]: judged under OASIS only
    Given client "subscriber" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "jobs" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes numbered messages 1 to 3 to "jobs" at QoS 1
    # a broker may keep fewer deliveries in flight than were published; none is sent again (DUP 1) while connected
    Then [MQTT5-4.3.2-3] "subscriber" receives at least one but no more than 3 of the numbered messages on "jobs"
    And [MQTT5-4.4.0-1] every PUBLISH "subscriber" received has DUP 0
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-4.3.2-3] "subscriber" receives each of the numbered messages 1 to 3 on "jobs"
    And [MQTT5-4.4.0-1] "subscriber" received each unacknowledged message again with the packet identifier it had before

  @req:MQTT5-4.4.0-2 @req:MQTT5-3.4.2-1
  Scenario: a delivery the client refused with PUBACK 0x80 is settled: not sent again after a reconnect
    Given client "subscriber" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "jobs" at QoS 1
    And "subscriber" answers each PUBLISH with PUBACK 0x80
    When "publisher" publishes "refused" to "jobs" at QoS 1
    Then [MQTT5-4.4.0-2] "subscriber" receives "refused" on "jobs" at QoS 1
    And [MQTT5-3.4.2-1] the packets "publisher" received keep that rule
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-4.4.0-2] "subscriber" receives nothing on "jobs"

  @req:MQTT5-4.3.3-8 @req:MQTT5-3.3.4-1 @req:MQTT5-4.3.3-10 @req:MQTT5-4.3.3-11 @req:MQTT5-4.3.3-12 @req:MQTT5-3.5.2-1 @req:MQTT5-3.7.2-1 @profile:oasis @requires:qos-2
  Scenario: a QoS 2 PUBLISH gets PUBREC, sent again before PUBREL another PUBREC and one delivery; PUBREL gets PUBCOMP; the identifier is then free
    Given clients "publisher" and "subscriber" are connected with MQTT 5
    And "subscriber" has subscribed to "valves" at QoS 2
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | close  |
      | QoS               | 2      |
      | packet identifier | 9      |
    Then [MQTT5-3.3.4-1] "publisher" receives a PUBREC with packet identifier 9
    And [MQTT5-4.3.3-8] "publisher" receives a PUBREC with packet identifier 9 and reason code 0x00 or 0x10
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | close  |
      | QoS               | 2      |
      | packet identifier | 9      |
      | DUP               | 1      |
    Then [MQTT5-4.3.3-10] "publisher" receives 2 PUBRECs with packet identifier 9
    When "publisher" sends a PUBREL with:
      | packet identifier | 9 |
    Then [MQTT5-4.3.3-11] "publisher" receives a PUBCOMP with packet identifier 9 and reason code 0x00
    And [MQTT5-4.3.3-10] "subscriber" receives "close" on "valves" at QoS 2
    And [MQTT5-4.3.3-10] "subscriber" receives nothing else on "valves"
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | open   |
      | QoS               | 2      |
      | packet identifier | 9      |
    And "publisher" sends a PUBREL with:
      | packet identifier | 9 |
    Then [MQTT5-4.3.3-12] "subscriber" receives "open" on "valves" at QoS 2
    And [MQTT5-3.5.2-1] the packets "publisher" received keep that rule
    And [MQTT5-3.7.2-1] the packets "publisher" received keep that rule

  @req:MQTT5-3.7.2-1 @req:MQTT5-3.7.2-2 @req:MQTT5-3.7.2-3 @profile:oasis @requires:qos-2
  Scenario: a PUBREL for an identifier the broker does not hold gets a PUBCOMP with a code of its table (0x92 says why), within the client's Maximum Packet Size
    Given client "publisher" is connected with MQTT 5 and these CONNECT fields:
      | Maximum Packet Size | 48 |
    When "publisher" sends a PUBREL with:
      | packet identifier | 77 |
    Then [MQTT5-3.7.2-1] "publisher" receives a PUBCOMP with packet identifier 77 and reason code 0x92 or 0x00
    And [MQTT5-3.7.2-2] every PUBCOMP "publisher" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.7.2-3] every PUBCOMP "publisher" received fits within the Maximum Packet Size it announced

  @req:MQTT5-4.3.3-1 @profile:oasis @requires:qos-2
  Scenario: QoS 2 deliveries awaiting PUBREC carry different identifiers, none 0
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "valves" at QoS 2
    And "subscriber" withholds its QoS 2 answers
    When "publisher" publishes numbered messages 1 to 3 to "valves" at QoS 2
    # a broker may keep fewer deliveries in flight than were published
    Then "subscriber" receives at least one but no more than 3 of the numbered messages on "valves"
    And the QoS 2 PUBLISHes "subscriber" received carry different packet identifiers, none of them 0

  @req:MQTT5-4.3.3-2 @req:MQTT5-4.3.3-3 @req:MQTT5-4.3.3-4 @req:MQTT5-4.3.3-5 @req:MQTT5-4.3.3-6 @req:MQTT5-3.6.2-1 @profile:oasis @requires:qos-2
  Scenario: exactly once to a subscriber that withholds PUBREC and then PUBCOMP across reconnects: PUBLISH again until PUBREC, then only PUBREL
    Given client "subscriber" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "valves" at QoS 2
    And "subscriber" withholds its QoS 2 answers
    When "publisher" publishes "close" to "valves" at QoS 2
    Then [MQTT5-4.3.3-2] "subscriber" receives "close" on "valves" at QoS 2
    And [MQTT5-4.3.3-2] every PUBLISH "subscriber" received has DUP 0
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-4.3.3-3] "subscriber" receives "close" on "valves" at QoS 2
    And [MQTT5-4.3.3-3] "subscriber" received each unacknowledged message again with the packet identifier it had before
    When "subscriber" answers each QoS 2 PUBLISH it received with PUBREC
    Then [MQTT5-4.3.3-4] "subscriber" receives a PUBREL for each PUBREC it sent
    And [MQTT5-3.6.2-1] the packets "subscriber" received keep that rule
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-4.3.3-5] "subscriber" receives a PUBREL for each PUBREC it sent
    And [MQTT5-4.3.3-6] "subscriber" receives no PUBLISH
    When "subscriber" answers each PUBREL with PUBCOMP
    Then [MQTT5-4.3.3-6] "subscriber" receives no PUBLISH or PUBREL
    And [MQTT5-4.3.3-4] the application of "subscriber" got "close" on "valves" exactly once

  @req:MQTT5-4.3.3-7 @req:MQTT5-4.3.3-13 @profile:oasis @requires:qos-2 @slow
  Scenario: Message Expiry ends neither a QoS 2 PUBLISH already transmitted nor the exchange of one received
    Given client "subscriber" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "valves" at QoS 2
    And "subscriber" withholds its QoS 2 answers
    When "publisher" sends a PUBLISH with:
      | topic                   | valves     |
      | payload                 | short-lived |
      | QoS                     | 2          |
      | packet identifier       | 5          |
      | Message Expiry Interval | short      |
    Then [MQTT5-4.3.3-7] "subscriber" receives "short-lived" on "valves" at QoS 2
    And [MQTT5-4.3.3-13] "publisher" receives a PUBREC with packet identifier 5
    When the short expiry passes
    And "publisher" sends a PUBREL with:
      | packet identifier | 5 |
    Then [MQTT5-4.3.3-13] "publisher" receives a PUBCOMP with packet identifier 5 and reason code 0x00
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-4.3.3-7] "subscriber" receives "short-lived" on "valves" at QoS 2

  @req:MQTT5-4.3.3-9 @profile:oasis @requires:qos-2
  Scenario: after a PUBREC of 0x80 or above, the same identifier starts a new message
    Given the broker is configured with these accounts:
      | user    | password | may publish to | may subscribe to |
      | sensor  | s3cret   | allowed        | nothing          |
      | watcher | w4tch    | nothing        | allowed          |
    And client "sensor" is connected with MQTT 5 as user "sensor" with password "s3cret"
    And client "watcher" is connected with MQTT 5 as user "watcher" with password "w4tch"
    And "watcher" has subscribed to "allowed" at QoS 1
    When "sensor" sends a PUBLISH with:
      | topic             | forbidden |
      | payload           | refused   |
      | QoS               | 2         |
      | packet identifier | 6         |
    Then "sensor" receives a PUBREC with packet identifier 6 and a reason code of 0x80 or above
    When "sensor" sends a PUBLISH with:
      | topic             | allowed |
      | payload           | taken   |
      | QoS               | 2       |
      | packet identifier | 6       |
    Then "sensor" receives 2 PUBRECs with packet identifier 6
    When "sensor" sends a PUBREL with:
      | packet identifier | 6 |
    Then "watcher" receives "taken" on "allowed"

  @req:MQTT5-3.6.1-1 @profile:oasis @requires:qos-2
  Scenario: a PUBREL with fixed-header flags 0000 ends the connection, and the broker's own PUBRELs have flags 0010
    Given client "publisher" is connected with MQTT 5
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | close  |
      | QoS               | 2      |
      | packet identifier | 4      |
    Then "publisher" receives a PUBREC with packet identifier 4
    When "publisher" sends "a PUBREL with fixed-header flags 0000"
    Then the broker closes the connection of "publisher", after no DISCONNECT or one with 0x81
