@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: CONNECT and CONNACK
  Whether the broker takes a valid CONNECT and refuses the rest as the specification says: the
  protocol name and version, the reserved flag, malformed properties, client identifiers and the
  identifiers it assigns, Clean Start and the session it resumes or discards, a second connection
  for one identifier, keep-alive, what the client asked the CONNACK to carry or leave out, and the
  CONNACK's flags and codes (OASIS MQTT 5.0, sections 3.1, 3.2, 4.1 and 4.12).

  @req:MQTT5-3.1.0-2 @req:MQTT5-3.2.0-2
  Scenario: a second CONNECT on a connection closes it without a second CONNACK
    When client "device" connects with MQTT 5
    And "device" sends CONNECT again
    Then [MQTT5-3.1.0-2] the broker closes the connection of "device", after no DISCONNECT or one with 0x82
    And [MQTT5-3.2.0-2] "device" receives no second CONNACK

  @req:MQTT5-3.1.2-1 @req:MQTT5-3.1.2-2 @req:MQTT5-3.1.2-3 @req:MQTT5-3.2.2-7
  Scenario: a CONNECT of another protocol, of version 6 or with the reserved flag set is never accepted
    When client "other-protocol" opens a connection with MQTT 5
    And client "version-6" opens a connection with MQTT 5
    And client "reserved-flag" opens a connection with MQTT 5
    And "other-protocol" sends "a CONNECT with protocol name \"MQTX\""
    And "version-6" sends "a CONNECT with protocol level 6"
    And "reserved-flag" sends "a CONNECT with the reserved flag set"
    Then [MQTT5-3.1.2-1] the broker closes the connection of "other-protocol", with or without a CONNACK that refuses it
    And [MQTT5-3.1.2-2] the broker closes the connection of "version-6", with or without a CONNACK that refuses it
    And [MQTT5-3.1.2-3] the broker closes the connection of "reserved-flag", with or without a CONNACK that refuses it
    And [MQTT5-3.2.2-7] every CONNACK or DISCONNECT "other-protocol", "version-6" and "reserved-flag" received with a code of 0x80 or above was followed by the close

  @req:MQTT5-3.1.4-1
  Scenario Outline: a CONNECT that breaks its layout (<fault>) is refused
    When client "faulty" opens a connection with MQTT 5
    And "faulty" sends "<packet>"
    Then the broker closes the connection of "faulty", with or without a CONNACK that refuses it

    Examples:
      | fault                                  | packet                                                  |
      | cut short                              | a CONNECT whose client identifier is cut short          |
      | an unknown property                    | a CONNECT with a property of identifier 0x7F            |
      | Session Expiry Interval twice          | a CONNECT with Session Expiry Interval twice            |
      | a Will property that is not one        | a CONNECT whose Will Properties hold a Session Expiry Interval |
      | Receive Maximum 0                      | a CONNECT with Receive Maximum 0                        |
      | Maximum Packet Size 0                  | a CONNECT with Maximum Packet Size 0                    |
      | a Will QoS without a Will              | a CONNECT with Will QoS 1 but no Will                   |

  @req:MQTT5-3.1.4-5 @req:MQTT5-3.2.0-1 @req:MQTT5-4.12.0-6 @req:MQTT5-3.2.2-8
  Scenario: CONNACK 0x00 comes first and carries no Authentication Method after a plain CONNECT, even when SUBSCRIBE and PINGREQ arrive in the same write
    When client "eager" opens a connection with MQTT 5
    And "eager" sends "a CONNECT, a PINGREQ and a SUBSCRIBE in one write"
    Then [MQTT5-3.2.0-1] the first packet "eager" received is CONNACK
    And [MQTT5-3.1.4-5] the CONNACK to "eager" accepts the connection
    And [MQTT5-4.12.0-6] the CONNACK to "eager" has these properties:
      | Authentication Method | absent |
    And [MQTT5-3.2.0-1] "eager" receives a SUBACK with packet identifier 1
    And [MQTT5-4.12.0-6] "eager" receives no AUTH
    And [MQTT5-3.2.2-8] the packets "eager" received keep that rule

  @req:MQTT5-3.1.4-6
  Scenario: after refusing a CONNECT the broker ignores whatever else came on the connection
    Given client "watcher" is connected with MQTT 5
    And "watcher" has subscribed to "after-refusal" at QoS 0
    When client "rogue" opens a connection with MQTT 5
    And "rogue" sends "a CONNECT with protocol level 6, a SUBSCRIBE and a PUBLISH in one write"
    Then the broker closes the connection of "rogue", with or without a CONNACK that refuses it
    And "rogue" receives no SUBACK
    And "watcher" receives nothing on "after-refusal"

  @req:MQTT5-3.1.2-5 @req:MQTT5-3.1.2-6 @req:MQTT5-3.1.2-23 @req:MQTT5-3.1.3-2 @req:MQTT5-3.2.2-3 @req:MQTT5-3.1.4-4 @req:MQTT5-4.5.0-1
  Scenario: Clean Start 0 opens a session where none was, then resumes it by client identifier with its subscriptions and queued messages
    Given client "publisher" is connected with MQTT 5
    When client "device" connects with MQTT 5 and these CONNECT fields:
      | Clean Start             | 0  |
      | Session Expiry Interval | 60 |
    Then [MQTT5-3.1.2-6] the CONNACK to "device" says no session is present
    And [MQTT5-3.2.2-3] the CONNACK to "device" accepts the connection
    When "device" has subscribed to "commands" at QoS 1
    And "device" drops its connection
    And "publisher" publishes "queued" to "commands" at QoS 1
    And "device" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-3.2.2-3] the CONNACK to "device" says a session is present
    And [MQTT5-3.1.4-4] the CONNACK to "device" says a session is present
    And [MQTT5-4.5.0-1] "device" receives "queued" on "commands" at QoS 1
    When "publisher" publishes "reboot" to "commands" at QoS 1
    Then [MQTT5-3.1.2-5] "device" receives "reboot" on "commands" at QoS 1
    And [MQTT5-3.1.2-23] "device" receives nothing else on "commands"
    When client "stranger" connects with MQTT 5 and these CONNECT fields:
      | Clean Start             | 0  |
      | Session Expiry Interval | 60 |
    Then [MQTT5-3.1.3-2] the CONNACK to "stranger" says no session is present

  @req:MQTT5-3.1.2-4 @req:MQTT5-3.2.2-2
  Scenario: Clean Start 1 discards the stored session: no session present, no subscription left
    Given client "publisher" is connected with MQTT 5
    And client "device" is connected with MQTT 5 and a persistent session
    And "device" has subscribed to "commands" at QoS 1
    When "device" disconnects
    And client "device" connects with MQTT 5 and these CONNECT fields:
      | Clean Start             | 1  |
      | Session Expiry Interval | 60 |
    Then [MQTT5-3.2.2-2] the CONNACK to "device" says no session is present
    And [MQTT5-3.2.2-2] the CONNACK to "device" accepts the connection
    When "publisher" publishes "old subscription" to "commands" at QoS 1
    Then [MQTT5-3.1.2-4] "device" receives nothing on "commands"

  @req:MQTT5-4.1.0-1 @req:MQTT5-4.1.0-2
  Scenario: a session is kept while its connection is open, even past its expiry interval, and discarded that interval after the close
    Given client "publisher" is connected with MQTT 5
    When "device" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    And "device" has subscribed to "commands" at QoS 1
    And the short expiry passes
    And "publisher" publishes "still subscribed" to "commands" at QoS 1
    Then [MQTT5-4.1.0-1] "device" receives "still subscribed" on "commands" at QoS 1
    When "device" disconnects
    And "device" stays offline past the short expiry
    And "device" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    Then [MQTT5-4.1.0-2] the CONNACK to "device" says no session is present

  @req:MQTT5-3.1.3-5
  Scenario: client identifiers of 1 and of 23 letters and digits are accepted
    When client "shortest" connects with MQTT 5 and these CONNECT fields:
      | client identifier | 1 bytes |
    And client "longest" connects with MQTT 5 and these CONNECT fields:
      | client identifier | 23 bytes |
    Then the CONNACK to "shortest" accepts the connection
    And the CONNACK to "longest" accepts the connection

  @req:MQTT5-3.1.3-6 @req:MQTT5-3.1.3-7 @req:MQTT5-3.2.2-16 @requires:zero-length-client-id
  Scenario: an empty client identifier gets an assigned one, new to the broker, that names the session from then on
    Given client "publisher" is connected with MQTT 5
    When client "first" connects with MQTT 5 and these CONNECT fields:
      | client identifier       | empty |
      | Session Expiry Interval | 60    |
    And client "second" connects with MQTT 5 and these CONNECT fields:
      | client identifier | empty |
    Then [MQTT5-3.1.3-6] the CONNACK to "first" has these properties:
      | Assigned Client Identifier | present |
    And [MQTT5-3.2.2-16] the CONNACKs to "first" and "second" each assign a different client identifier
    When "first" has subscribed to "commands" at QoS 1
    And "first" drops its connection
    And "first" reconnects with MQTT 5 and its persistent session under its assigned client identifier
    Then [MQTT5-3.1.3-7] the CONNACK to "first" says a session is present
    When "publisher" publishes "for the assigned one" to "commands" at QoS 1
    Then [MQTT5-3.1.3-7] "first" receives "for the assigned one" on "commands" at QoS 1

  @req:MQTT5-3.1.3-8 @req:MQTT5-3.2.2-6
  Scenario: a client identifier longer than the broker takes is refused, with 0x85 if a CONNACK says why, and a refusal never says a session is present
    Given client "device" is connected with MQTT 5 and a persistent session
    And "device" disconnects
    When client "long" connects with MQTT 5 and these CONNECT fields:
      | client identifier | one byte longer than the broker allows |
    And client "device" connects with MQTT 5 and these CONNECT fields:
      | client identifier                   | the one of "device" |
      | Clean Start                         | 0                   |
      | Session Expiry Interval             | 60                  |
      | Authentication Method               | x-unknown           |
    Then [MQTT5-3.1.3-8] the broker closes the connection of "long", with or without a CONNACK that refuses it
    And [MQTT5-3.1.3-8] every CONNACK "long" received has reason code 0x85 or 0x80
    And [MQTT5-3.2.2-6] the broker closes the connection of "device", with or without a CONNACK that refuses it
    And [MQTT5-3.2.2-6] the packets "device" received keep that rule

  @req:MQTT5-4.12.0-1 @req:MQTT5-3.2.2-19 @req:MQTT5-3.2.2-20
  Scenario: an Authentication Method the broker does not know is refused, and the refusal fits the client's Maximum Packet Size
    When client "unknown-method" connects with MQTT 5 and these CONNECT fields:
      | Authentication Method | x-unknown |
      | Maximum Packet Size   | 16        |
    Then [MQTT5-4.12.0-1] the broker closes the connection of "unknown-method", with or without a CONNACK that refuses it
    And [MQTT5-4.12.0-1] every CONNACK "unknown-method" received has reason code 0x8C or 0x87
    And [MQTT5-3.2.2-19] every CONNACK "unknown-method" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.2.2-20] every CONNACK "unknown-method" received fits within the Maximum Packet Size it announced

  @req:MQTT5-3.1.4-2
  Scenario: a wrong password is refused with 0x86 or 0x87 and the connection closed
    Given the broker is configured with these accounts:
      | user   | password |
      | sensor | s3cret   |
    When client "intruder" connects with MQTT 5 as user "sensor" with password "guess"
    Then the broker refuses the connection of "intruder" with CONNACK 0x86 or 0x87

  @req:MQTT5-3.1.4-3
  Scenario: a second connection with the client identifier of a live one takes over: the first gets DISCONNECT 0x8E and is closed
    Given client "first" is connected with MQTT 5
    When client "second" connects with MQTT 5 using the client identifier of "first"
    Then the CONNACK to "second" accepts the connection
    And the broker disconnects "first" with reason code 0x8E

  @req:MQTT5-3.1.2-28 @req:MQTT5-3.2.2-1
  Scenario: a client that asks for no Response Information gets none
    When client "plain" connects with MQTT 5
    And client "declining" connects with MQTT 5 and these CONNECT fields:
      | Request Response Information | 0 |
    Then [MQTT5-3.1.2-28] the CONNACK to "plain" has these properties:
      | Response Information | absent |
    And [MQTT5-3.1.2-28] the CONNACK to "declining" has these properties:
      | Response Information | absent |
    And [MQTT5-3.2.2-1] the packets "plain" and "declining" received keep that rule

  @req:MQTT5-3.1.2-29
  Scenario: a client that asks for no problem information gets no Reason String or User Property on a refusing PUBACK, SUBACK or UNSUBACK
    Given the broker is configured with these accounts:
      | user   | password | may publish to | may subscribe to |
      | sensor | s3cret   | allowed        | allowed          |
    When client "quiet" connects with MQTT 5 and these CONNECT fields:
      | user                        | sensor |
      | password                    | s3cret |
      | Request Problem Information | 0      |
    And "quiet" sends a PUBLISH with:
      | topic   | forbidden |
      | payload | x         |
      | QoS     | 1         |
    And "quiet" subscribes to "forbidden" at QoS 1
    And "quiet" unsubscribes from these filters in one UNSUBSCRIBE:
      | never-subscribed |
    # a broker may grant the SUBSCRIBE or take the PUBLISH all the same: what it sends back is what counts
    Then "quiet" receives a PUBACK with packet identifier 1
    And every PUBACK, SUBACK or UNSUBACK "quiet" received carries no Reason String or User Property

  @req:MQTT5-3.2.2-9
  Scenario: a broker that announces no Maximum QoS takes a QoS 2 PUBLISH; one that announces it says 0 or 1
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" announces a Maximum QoS of 0 or 1, or takes a QoS 2 PUBLISH with PUBREC 0x00

  @req:MQTT5-3.2.2-10 @req:MQTT5-3.2.2-12
  Scenario: a broker whose Maximum QoS is 1 grants a QoS 2 SUBSCRIBE at QoS 1 and refuses a Will at QoS 2 with 0x9B
    Given the broker is configured with:
      | highest QoS | 1 |
    And the broker runs with a highest QoS below 2
    When client "subscriber" connects with MQTT 5
    And "subscriber" subscribes to "valves" at QoS 2
    And client "will-2" connects with MQTT 5 and these CONNECT fields:
      | Will topic | wills/will-2 |
      | Will QoS   | 2            |
    Then [MQTT5-3.2.2-10] "subscriber" is granted QoS 1
    And [MQTT5-3.2.2-10] "subscriber" still answers PINGREQ
    And [MQTT5-3.2.2-12] the broker refuses the connection of "will-2" with CONNACK 0x9B

  @req:MQTT5-3.2.2-13
  Scenario: a broker without retained messages refuses a Will with Will Retain 1 with 0x9A
    Given the broker is configured with:
      | retained messages available | 0 |
    And the broker runs with a retained messages available below 1
    When client "device" connects with MQTT 5 and these CONNECT fields:
      | Will topic  | wills/device |
      | Will retain | 1            |
    Then the broker refuses the connection of "device" with CONNACK 0x9A

  @req:MQTT5-3.1.2-22 @req:MQTT5-3.2.2-22
  Scenario: a client silent for 1.5 times its keep-alive is closed, one that sends PINGREQ in time stays
    Given the broker is configured with:
      | shortest keep-alive | short (if it can be set) |
    When client "silent" connects with MQTT 5 and a short keep-alive
    And client "pinging" connects with MQTT 5 and a short keep-alive
    And "pinging" sends PINGREQ every half keep-alive
    And "silent" falls silent
    Then [MQTT5-3.2.2-22] "pinging" still answers PINGREQ
    And [MQTT5-3.1.2-22] the broker closes the connection of "silent" 1.5 times its keep-alive after its last packet
    And [MQTT5-3.2.2-22] "pinging" still answers PINGREQ
