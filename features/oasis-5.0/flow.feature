@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: what the client announced, and the order of messages
  Whether the broker keeps within the Receive Maximum, Maximum Packet Size and Topic Alias Maximum a
  client announced in CONNECT: no more QoS 1 and QoS 2 PUBLISHes in flight than allowed while
  everything else still flows, nothing larger than allowed (a message too large is dropped as if
  delivered; a Reason String or User Property that would not fit is left out of an
  acknowledgement), no topic alias the client did not allow; and whether it delivers the messages
  of one publisher in the order it received them (OASIS MQTT 5.0, sections 3.1.2, 3.3, 4.6 and 4.9).

  @req:MQTT5-3.3.4-9 @req:MQTT5-4.9.0-1 @req:MQTT5-4.9.0-2
  Scenario: no more QoS 1 deliveries in flight than the client's Receive Maximum; the next goes once a PUBACK frees a slot
    Given client "slow" is connected with MQTT 5 and these CONNECT fields:
      | Receive Maximum | 2 |
    And "slow" has subscribed to "jobs" at QoS 1
    And "slow" withholds its PUBACKs
    And client "dispatcher" is connected with MQTT 5
    When "dispatcher" publishes numbered messages 1 to 5 to "jobs" at QoS 1
    Then [MQTT5-4.9.0-1] "slow" receives at least one but no more than 2 of the numbered messages on "jobs"
    When "slow" acknowledges every PUBLISH it received and, from now on, each one as it arrives
    Then [MQTT5-4.9.0-2] "slow" receives each of the numbered messages 1 to 5 on "jobs"
    And [MQTT5-3.3.4-9] "slow" never had more than 2 QoS 1 messages unacknowledged at once

  @req:MQTT5-3.3.4-10 @req:MQTT5-4.9.0-3
  Scenario: with its Receive Maximum used up a client still gets PINGRESP, SUBACK and PUBACK
    Given client "slow" is connected with MQTT 5 and these CONNECT fields:
      | Receive Maximum | 1 |
    And "slow" has subscribed to "jobs" at QoS 1
    And "slow" withholds its PUBACKs
    And client "dispatcher" is connected with MQTT 5
    When "dispatcher" publishes numbered messages 1 to 3 to "jobs" at QoS 1
    Then [MQTT5-3.3.4-10] "slow" receives at least one but no more than 1 of the numbered messages on "jobs"
    And [MQTT5-3.3.4-10] "slow" still answers PINGREQ
    When "slow" subscribes to "more-jobs" at QoS 1
    Then [MQTT5-4.9.0-3] "slow" is granted QoS 1
    When "slow" sends a QoS 1 PUBLISH of "own" to "reports" with packet identifier 40
    Then [MQTT5-4.9.0-3] "slow" receives a PUBACK with packet identifier 40

  @req:MQTT5-3.1.2-24 @req:MQTT5-3.1.2-25
  Scenario: a message larger than the client's Maximum Packet Size is dropped for it as if delivered, the next one arrives, and nothing is sent again
    Given client "small" is connected with MQTT 5 and these CONNECT fields:
      | Maximum Packet Size     | 128 |
      | Clean Start             | 0   |
      | Session Expiry Interval | 60  |
    And "small" has subscribed to "files" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "publisher" publishes numbered messages 1 to 1 of 1024 bytes each to "files" at QoS 1
    And "publisher" publishes "small one" to "files" at QoS 1
    Then [MQTT5-3.1.2-25] "small" receives "small one" on "files"
    And [MQTT5-3.1.2-24] every PUBLISH "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.1.2-25] "small" still answers PINGREQ
    When "small" drops its connection
    And "small" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-3.1.2-25] "small" receives nothing on "files"

  @req:MQTT5-3.4.2-2 @req:MQTT5-3.4.2-3 @req:MQTT5-3.9.2-1 @req:MQTT5-3.9.2-2 @req:MQTT5-3.11.2-1 @req:MQTT5-3.11.2-2
  Scenario: refusing PUBACK, SUBACK and UNSUBACK leave out what would not fit the client's Maximum Packet Size
    Given the broker is configured with these accounts:
      | user   | password | may publish to | may subscribe to |
      | sensor | s3cret   | allowed        | allowed          |
    When client "small" connects with MQTT 5 and these CONNECT fields:
      | user                | sensor |
      | password            | s3cret |
      | Maximum Packet Size | 48     |
    And "small" sends a QoS 1 PUBLISH of "x" to "forbidden" with packet identifier 3
    And "small" subscribes to "forbidden" at QoS 1
    And "small" unsubscribes from these filters in one UNSUBSCRIBE:
      | never-subscribed |
    # a broker may take the PUBLISH or grant the SUBSCRIBE all the same: its answers are what must fit
    Then [MQTT5-3.4.2-2] "small" receives a PUBACK with packet identifier 3
    And [MQTT5-3.4.2-2] every PUBACK "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.4.2-3] every PUBACK "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.9.2-1] every SUBACK "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.9.2-2] every SUBACK "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.11.2-1] every UNSUBACK "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.11.2-2] every UNSUBACK "small" received fits within the Maximum Packet Size it announced

  @req:MQTT5-3.5.2-2 @req:MQTT5-3.5.2-3 @req:MQTT5-3.6.2-2 @req:MQTT5-3.6.2-3 @profile:oasis @requires:qos-2
  Scenario: PUBREC and PUBREL leave out what would not fit the client's Maximum Packet Size
    Given the broker is configured with these accounts:
      | user   | password | may publish to | may subscribe to |
      | sensor | s3cret   | allowed        | allowed          |
    When client "small" connects with MQTT 5 and these CONNECT fields:
      | user                | sensor |
      | password            | s3cret |
      | Maximum Packet Size | 48     |
    And "small" has subscribed to "allowed" at QoS 2
    And "small" withholds its QoS 2 answers
    And "small" sends a PUBLISH with:
      | topic             | forbidden |
      | payload           | x         |
      | QoS               | 2         |
      | packet identifier | 3         |
    And "small" publishes "ok" to "allowed" at QoS 2
    Then [MQTT5-3.5.2-2] "small" receives a PUBREC with packet identifier 3 and a reason code of 0x80 or above
    And [MQTT5-3.6.2-2] "small" receives "ok" on "allowed" at QoS 2
    # answered by hand: a PUBREC answered and its PUBREL completed at once would leave none to look for
    When "small" answers each QoS 2 PUBLISH it received with PUBREC
    Then [MQTT5-3.6.2-2] "small" receives a PUBREL for each PUBREC it sent
    And [MQTT5-3.5.2-2] every PUBREC "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.5.2-3] every PUBREC "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.6.2-2] every PUBREL "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.6.2-3] every PUBREL "small" received fits within the Maximum Packet Size it announced

  @req:MQTT5-3.14.2-3 @req:MQTT5-3.14.2-4
  Scenario: a DISCONNECT from the broker leaves out what would not fit the client's Maximum Packet Size
    Given client "small" is connected with MQTT 5 and these CONNECT fields:
      | Maximum Packet Size | 48 |
    When "small" sends a PUBLISH breaking the topic alias rules, with:
      | topic       | lamps |
      | payload     | on    |
      | Topic Alias | 0     |
    Then [MQTT5-3.14.2-3] the broker closes the connection of "small", after no DISCONNECT or one with 0x94
    And [MQTT5-3.14.2-3] every DISCONNECT "small" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.14.2-4] every DISCONNECT "small" received fits within the Maximum Packet Size it announced

  @req:MQTT5-3.1.2-26 @req:MQTT5-3.3.2-11
  Scenario: a client that allows two topic aliases never gets a higher one, and each topic reaches it correctly
    Given client "subscriber" is connected with MQTT 5 and these CONNECT fields:
      | Topic Alias Maximum | 2 |
    And "subscriber" has subscribed to "rooms/+" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | rooms/a |
      | rooms/b |
      | rooms/c |
      | rooms/a |
      | rooms/d |
      | rooms/b |
    Then [MQTT5-3.3.2-11] "subscriber" receives a message on each of these topics:
      | rooms/a |
      | rooms/b |
      | rooms/c |
      | rooms/d |
    And [MQTT5-3.1.2-26] the packets "subscriber" received keep that rule
    And [MQTT5-3.3.2-11] the packets "subscriber" received keep that rule

  @req:MQTT5-3.1.2-27
  Scenario: a client that announced no Topic Alias Maximum never gets a topic alias
    Given client "subscriber" is connected with MQTT 5
    And "subscriber" has subscribed to "rooms/+" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | rooms/a |
      | rooms/a |
      | rooms/b |
    Then "subscriber" receives a message on each of these topics:
      | rooms/a |
      | rooms/b |
    And the packets "subscriber" received keep that rule

  @req:MQTT5-4.6.0-5
  Scenario: 100 QoS 1 messages from one publisher arrive in the order published
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "ticks" at QoS 1
    When "publisher" publishes numbered messages 1 to 100 to "ticks" at QoS 1
    Then "subscriber" receives the numbered messages 1 to 100 on "ticks" in that order

  @req:MQTT5-4.6.0-6 @requires:wildcard-subscriptions
  Scenario: messages interleaved over two topics and two QoS levels keep their order per topic and QoS
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "mixed/#" at QoS 1
    When "publisher" publishes numbered messages 1 to 20 to "mixed/a" and "mixed/b" in turn, at QoS 0 and 1 in turn
    Then "subscriber" receives the numbered messages of each topic and QoS in the order published
