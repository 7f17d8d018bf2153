@area:oasis-3.1.1 @mqtt311
Feature: MQTT 3.1.1: CONNECT and CONNACK
  Whether the broker takes a valid CONNECT and refuses the rest as the specification says: the
  protocol name and level, the reserved flag, a malformed payload, client identifiers, CleanSession
  and the session it resumes or discards, the Will and when it is published, keep-alive, and the
  CONNACK that answers (OASIS MQTT 3.1.1, sections 3.1 and 3.2).

  @req:MQTT-3.1.0-2
  Scenario: a second CONNECT on a connection closes it without a second CONNACK
    When client "device" connects with MQTT 3.1.1
    And "device" sends CONNECT again
    Then the broker closes the connection of "device"
    And "device" receives no CONNACK

  @req:MQTT-3.1.2-1 @req:MQTT-3.1.2-2 @req:MQTT-3.1.2-3
  Scenario: a CONNECT of another protocol, of an unknown level or with the reserved flag set is never accepted
    When client "other-protocol" opens a connection with MQTT 3.1.1
    And client "level-7" opens a connection with MQTT 3.1.1
    And client "reserved-flag" opens a connection with MQTT 3.1.1
    And "other-protocol" sends "a CONNECT with protocol name \"MQTX\""
    And "level-7" sends "a CONNECT with protocol level 7"
    And "reserved-flag" sends "a CONNECT with the reserved flag set"
    Then [MQTT-3.1.2-1] the broker closes the connection of "other-protocol", with or without a CONNACK that refuses it
    And [MQTT-3.1.2-2] the broker closes the connection of "level-7" after CONNACK 0x01
    And [MQTT-3.1.2-3] the broker closes the connection of "reserved-flag" without a CONNACK

  @req:MQTT-3.1.4-1
  Scenario: a malformed CONNECT (Will QoS 3, a password without a user name, a client identifier cut short) is closed without a CONNACK
    When client "will-qos-3" opens a connection with MQTT 3.1.1
    And client "password-alone" opens a connection with MQTT 3.1.1
    And client "cut-short" opens a connection with MQTT 3.1.1
    And "will-qos-3" sends "a CONNECT with a Will at QoS 3"
    And "password-alone" sends "a CONNECT with a password but no user name"
    And "cut-short" sends "a CONNECT whose client identifier is cut short"
    Then the broker closes the connection of "will-qos-3" without a CONNACK
    And the broker closes the connection of "password-alone" without a CONNACK
    And the broker closes the connection of "cut-short" without a CONNACK

  @req:MQTT-3.1.4-5
  Scenario: after refusing a CONNECT the broker ignores whatever else came on the connection
    Given client "watcher" is connected with MQTT 3.1.1
    And "watcher" has subscribed to "after-refusal" at QoS 0
    When client "rogue" opens a connection with MQTT 3.1.1
    And "rogue" sends "a CONNECT with protocol level 7, a SUBSCRIBE and a PUBLISH in one write"
    Then the broker closes the connection of "rogue" after CONNACK 0x01
    And "rogue" receives no SUBACK
    And "watcher" receives nothing on "after-refusal"

  @req:MQTT-3.2.0-1
  Scenario: CONNACK comes before anything else, even when CONNECT, PINGREQ and SUBSCRIBE arrive in one write
    When client "eager" opens a connection with MQTT 3.1.1
    And "eager" sends "a CONNECT, a PINGREQ and a SUBSCRIBE in one write"
    Then the first packet "eager" received is CONNACK
    And "eager" receives a SUBACK with packet identifier 1
    And the packets "eager" received keep that rule

  @req:MQTT-3.1.2-4 @req:MQTT-3.1.4-3 @req:MQTT-3.2.2-2 @req:MQTT-3.2.2-3 @req:MQTT-3.1.3-2 @req:MQTT-4.1.0-1
  Scenario: CleanSession 0 starts a session, then resumes it by client identifier with its subscriptions; another identifier has none
    Given client "device" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    Then [MQTT-3.2.2-3] the CONNACK to "device" says no session is present
    When "device" has subscribed to "commands" at QoS 1
    And "device" disconnects
    And "publisher" publishes "queued" to "commands" at QoS 1
    And "device" reconnects with MQTT 3.1.1 and its persistent session
    Then [MQTT-3.2.2-2] the CONNACK to "device" says a session is present
    And [MQTT-3.1.4-3] the CONNACK to "device" says a session is present
    And [MQTT-4.1.0-1] "device" receives "queued" on "commands" at QoS 1
    When "publisher" publishes "reboot" to "commands" at QoS 1
    Then [MQTT-3.1.2-4] "device" receives "reboot" on "commands" at QoS 1
    When client "stranger" is connected with MQTT 3.1.1 and a persistent session
    Then [MQTT-3.1.3-2] the CONNACK to "stranger" says no session is present

  @req:MQTT-3.1.2-5 @req:MQTT-4.5.0-1
  Scenario: QoS 1 messages for an offline CleanSession 0 client are kept until it returns, and reach every matching subscriber
    Given client "offline" is connected with MQTT 3.1.1 and a persistent session
    And clients "online" and "publisher" are connected with MQTT 3.1.1
    And each of "offline" and "online" has subscribed to "orders/+" at QoS 1
    When "offline" disconnects
    And "publisher" publishes "order-9" to "orders/new" at QoS 1
    Then [MQTT-4.5.0-1] "online" receives "order-9" on "orders/new" at QoS 1
    When "offline" reconnects with MQTT 3.1.1 and its persistent session
    Then [MQTT-3.1.2-5] "offline" receives "order-9" on "orders/new" at QoS 1

  @req:MQTT-3.1.2-6 @req:MQTT-3.2.2-1
  Scenario: CleanSession 1 discards the stored session, its subscriptions and queued messages, for good
    Given client "device" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    And "device" has subscribed to "commands" at QoS 1
    When "device" disconnects
    And "publisher" publishes "queued" to "commands" at QoS 1
    And "device" reconnects with MQTT 3.1.1 and a clean session
    Then [MQTT-3.2.2-1] the CONNACK to "device" says no session is present
    And [MQTT-3.1.2-6] "device" receives nothing on "commands"
    When "publisher" publishes "live" to "commands" at QoS 1
    Then [MQTT-3.1.2-6] "device" receives nothing on "commands"
    When "device" disconnects
    And "device" reconnects with MQTT 3.1.1 and its persistent session
    Then [MQTT-3.1.2-6] the CONNACK to "device" says no session is present

  @req:MQTT-3.1.2-7
  Scenario: a retained message outlives the session of the client that published it
    Given client "device" is connected with MQTT 3.1.1 and a persistent session
    And client "late" is connected with MQTT 3.1.1
    When "device" publishes the retained message "v2" to "firmware"
    And "device" disconnects
    And "device" reconnects with MQTT 3.1.1 and a clean session
    And "late" subscribes to "firmware" at QoS 1
    Then "late" receives "v2" on "firmware" with RETAIN 1

  @req:MQTT-3.1.2-8 @req:MQTT-3.1.2-10 @req:MQTT-3.1.2-16 @req:MQTT-3.1.2-12
  Scenario: a Will is published once when the connection drops, not retained when Will Retain is 0; a connection without a Will publishes none
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to "devices/#" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "d1 offline" on "devices/d1/status"
    And client "quiet" is connected with MQTT 3.1.1
    And client "late" is connected with MQTT 3.1.1
    When "device" drops its connection
    And "quiet" drops its connection
    Then [MQTT-3.1.2-8] "monitor" receives "d1 offline" on "devices/d1/status" with RETAIN 0
    And [MQTT-3.1.2-10] "monitor" receives nothing else on "devices/d1/status"
    And [MQTT-3.1.2-12] "monitor" receives nothing on "devices/quiet/status"
    When "late" subscribes to "devices/d1/status" at QoS 1
    Then [MQTT-3.1.2-16] "late" receives nothing on "devices/d1/status"

  @req:MQTT-3.1.2-17
  Scenario: a Will with Will Retain 1 becomes the retained message of its topic
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and these CONNECT fields:
      | Will topic   | devices/d1/status |
      | Will payload | d1 offline        |
      | Will retain  | 1                 |
    And client "late" is connected with MQTT 3.1.1
    When "device" drops its connection
    Then "monitor" receives the Will of "device"
    When "late" subscribes to "devices/d1/status" at QoS 1
    Then "late" receives "d1 offline" on "devices/d1/status" with RETAIN 1

  @req:MQTT-3.14.4-3 @req:MQTT-3.1.2-10
  Scenario: a DISCONNECT cancels the Will
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "d1 offline" on "devices/d1/status"
    When "device" disconnects
    Then [MQTT-3.14.4-3] "monitor" receives nothing on "devices/d1/status"
    And [MQTT-3.1.2-10] "monitor" receives nothing on "devices/d1/status"

  @req:MQTT-3.1.2-24 @slow
  Scenario: a client silent for 1.5 times its keep-alive is disconnected, and its Will published
    Given the broker is configured with:
      | shortest keep-alive | short (if it can be set) |
    And client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and these CONNECT fields:
      | keep-alive   | short             |
      | Will topic   | devices/d1/status |
      | Will payload | d1 offline        |
    When "device" falls silent
    Then the broker closes the connection of "device" 1.5 times its keep-alive after its last packet
    And "monitor" receives the Will of "device"

  @req:MQTT-3.1.3-5 @req:MQTT-3.1.4-4
  Scenario: client identifiers of 1 and of 23 letters and digits are accepted with return code 0
    When client "shortest" connects with MQTT 3.1.1 and a client identifier of 1 bytes
    And client "longest" connects with MQTT 3.1.1 and a client identifier of 23 bytes
    Then [MQTT-3.1.3-5] the CONNACK to "shortest" accepts the connection
    # a one-byte identifier is the scenario's only name that is not unique: it is let go at once
    When "shortest" disconnects
    Then [MQTT-3.1.3-5] the CONNACK to "longest" accepts the connection
    And [MQTT-3.1.4-4] the CONNACK to "longest" accepts the connection

  @req:MQTT-3.1.3-6
  Scenario: two clients with an empty client identifier and CleanSession 1 are each accepted, neither taking over the other, where the broker takes empty identifiers
    When clients "first" and "second" connect with MQTT 3.1.1 and a client identifier of 0 bytes
    Then the CONNACKs to "first" and "second" accept the connection, unless the broker refuses empty client identifiers
    And "first" still answers PINGREQ
    And "second" still answers PINGREQ

  @req:MQTT-3.1.3-8 @req:MQTT-3.2.2-5
  Scenario: an empty client identifier with CleanSession 0 is refused with return code 2, then the connection is closed
    When client "device" opens a connection with MQTT 3.1.1
    And "device" sends "a CONNECT with an empty client identifier and CleanSession 0"
    Then [MQTT-3.1.3-8] the broker closes the connection of "device" after CONNACK 0x02
    And [MQTT-3.2.2-5] the broker closes the connection of "device" after CONNACK 0x02

  @req:MQTT-3.1.3-9
  Scenario: a client identifier the broker does not take is refused with return code 2 before the close
    When client "long" connects with MQTT 3.1.1 and a client identifier of 1024 bytes
    And client "punctuated" connects with MQTT 3.1.1 and these CONNECT fields:
      | client identifier | we!rd#id+with/punctuation |
    Then the CONNACK to "long" accepts the connection, or refuses it with 0x02 before the close
    And the CONNACK to "punctuated" accepts the connection, or refuses it with 0x02 before the close

  @req:MQTT-3.1.4-2
  Scenario: a second connection with a client identifier in use disconnects the first
    Given client "first" is connected with MQTT 3.1.1
    When client "second" connects with MQTT 3.1.1 using the client identifier of "first"
    Then the CONNACK to "second" accepts the connection
    And the broker closes the connection of "first"

  @req:MQTT-3.2.2-4
  Scenario: a CONNACK refusing the connection says no session is present, even for a client identifier with a stored session
    Given client "device" is connected with MQTT 3.1.1 and a persistent session
    When "device" disconnects
    And client "device" opens a connection with MQTT 3.1.1
    And "device" sends "a CONNECT with protocol level 7"
    Then the broker closes the connection of "device" after CONNACK 0x01
    And the packets "device" received keep that rule

  @req:MQTT-3.2.2-6
  Scenario: the broker's refusals use only the return codes 1 to 5
    When clients "level-7" and "empty" open a connection with MQTT 3.1.1
    And "level-7" sends "a CONNECT with protocol level 7"
    And "empty" sends "a CONNECT with an empty client identifier and CleanSession 0"
    Then the broker closes the connection of "level-7" after CONNACK 0x01
    And the broker closes the connection of "empty" after CONNACK 0x02
    And the packets "level-7" and "empty" received keep that rule

  @req:MQTT-4.1.0-2 @req:MQTT-7.0.0-2 @req:MQTT-7.1.1-1
  Scenario: over a plain TCP connection, a client that uses no extension connects, subscribes and keeps receiving for as long as it stays connected
    Given client "device" is connected with MQTT 3.1.1
    And client "publisher" is connected with MQTT 3.1.1
    And "device" has subscribed to "ticks" at QoS 0
    When "publisher" publishes numbered messages 1 to 20 to "ticks" at QoS 0
    Then [MQTT-7.1.1-1] "device" receives each of the numbered messages 1 to 20 on "ticks"
    And [MQTT-7.0.0-2] "device" still answers PINGREQ
    When "publisher" publishes "tick 21" to "ticks" at QoS 0
    Then [MQTT-4.1.0-2] "device" receives "tick 21" on "ticks"
