@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: SUBSCRIBE, UNSUBSCRIBE, subscription options and their acknowledgements
  Whether the broker answers each SUBSCRIBE and UNSUBSCRIBE once, with the packet identifier and one
  reason code per filter in order from the right table; replaces a subscription it already holds;
  delivers at the lower of the published and granted QoS; honours No Local, Retain As Published
  and Retain Handling; puts Subscription Identifiers on what it delivers; deletes only an identical
  subscription and finishes what it had started (OASIS MQTT 5.0, sections 3.3.1, 3.3.4 and 3.8 to
  3.11).

  @req:MQTT5-3.8.3-5
  Scenario: reserved bits in the subscription options end the connection without a SUBACK
    Given clients "bit-6" and "bit-7" are connected with MQTT 5
    When "bit-6" sends "a SUBSCRIBE with subscription options 0x41"
    And "bit-7" sends "a SUBSCRIBE with subscription options 0x81"
    Then the broker closes the connection of "bit-6", after no DISCONNECT or one with 0x81
    And "bit-6" receives no SUBACK
    And the broker closes the connection of "bit-7", after no DISCONNECT or one with 0x81
    And "bit-7" receives no SUBACK

  @req:MQTT5-3.8.4-1 @req:MQTT5-3.8.4-2 @req:MQTT5-3.8.4-5 @req:MQTT5-3.8.4-6 @req:MQTT5-3.8.4-7 @req:MQTT5-3.9.3-1 @req:MQTT5-3.9.3-2
  Scenario: one SUBSCRIBE with three filters gets one SUBACK with its identifier and a code per filter, in order, and each filter delivers
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    When "subscriber" sends a SUBSCRIBE with:
      | filter            | a    |
      | QoS               | 1    |
      | filter            | b    |
      | QoS               | 0    |
      | filter            | c    |
      | QoS               | 1    |
      | packet identifier | 2571 |
    Then [MQTT5-3.8.4-2] "subscriber" receives a SUBACK with packet identifier 2571
    And [MQTT5-3.8.4-1] "subscriber" receives one SUBACK for it
    And [MQTT5-3.8.4-6] the SUBACK to "subscriber" has these reason codes, one per filter:
      | 0x01 |
      | 0x00 |
      | 0x01 |
    And [MQTT5-3.9.3-1] the SUBACK to "subscriber" has these reason codes, one per filter:
      | 0x01 |
      | 0x00 |
      | 0x01 |
    And [MQTT5-3.8.4-7] the packets "subscriber" received keep that rule
    And [MQTT5-3.9.3-2] the packets "subscriber" received keep that rule
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | a |
      | b |
      | c |
    Then [MQTT5-3.8.4-5] "subscriber" receives a message on each of these topics:
      | a |
      | b |
      | c |

  @req:MQTT5-3.8.4-1 @req:MQTT5-3.8.4-7
  Scenario: a SUBSCRIBE with a filter the account may not use is still answered, with a code per filter: a grant no higher than asked, or a failure
    Given the broker is configured with these accounts:
      | user   | password | may subscribe to |
      | reader | s3cret   | fine             |
    And client "subscriber" is connected with MQTT 5 as user "reader" with password "s3cret"
    When "subscriber" subscribes to these filters in one SUBSCRIBE:
      | filter    | QoS |
      | fine      | 1   |
      | forbidden | 0   |
    Then [MQTT5-3.8.4-1] the SUBACK to "subscriber" has these reason codes, one per filter:
      | 0x01         |
      | 0x00 or 0x87 |
    And [MQTT5-3.8.4-7] the packets "subscriber" received keep that rule

  @req:MQTT5-3.8.4-3 @req:MQTT5-3.8.4-8
  Scenario: subscribing again to the same filter replaces the subscription; deliveries go at the lower of published and granted QoS
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "meters" at QoS 1
    When "publisher" publishes "at 0" to "meters" at QoS 0
    Then [MQTT5-3.8.4-8] "subscriber" receives "at 0" on "meters" at QoS 0
    When "subscriber" subscribes to "meters" at QoS 0
    And "publisher" publishes "at 1" to "meters" at QoS 1
    Then [MQTT5-3.8.4-3] "subscriber" receives "at 1" on "meters" at QoS 0
    And [MQTT5-3.8.4-3] "subscriber" receives nothing else on "meters"

  @req:MQTT5-3.8.3-3
  Scenario: with No Local a client does not get its own messages back, but gets those of others
    Given clients "device" and "other" are connected with MQTT 5
    When "device" subscribes with:
      | filter   | lamps |
      | QoS      | 1     |
      | No Local | 1     |
    Then "device" is granted QoS 1
    When "device" publishes "mine" to "lamps" at QoS 1
    And "other" publishes "theirs" to "lamps" at QoS 1
    Then "device" receives "theirs" on "lamps"
    And "device" receives no "mine" on "lamps"

  @req:MQTT5-3.3.1-12 @req:MQTT5-3.3.1-13 @requires:retained-messages
  Scenario: Retain As Published 0 clears RETAIN on live messages; 1 passes RETAIN on as published
    Given clients "cleared", "as-published" and "publisher" are connected with MQTT 5
    And "cleared" has subscribed to "config" at QoS 1
    When "as-published" subscribes with:
      | filter              | config |
      | QoS                 | 1      |
      | Retain As Published | 1      |
    Then [MQTT5-3.3.1-13] "as-published" is granted QoS 1
    When "publisher" publishes the retained message "retained" to "config"
    And "publisher" publishes "plain" to "config" at QoS 1
    Then [MQTT5-3.3.1-12] "cleared" receives "retained" on "config" with RETAIN 0
    And [MQTT5-3.3.1-13] "as-published" receives "retained" on "config" with RETAIN 1
    And [MQTT5-3.3.1-13] "as-published" receives "plain" on "config" with RETAIN 0

  @req:MQTT5-3.3.1-10 @req:MQTT5-3.3.1-11 @req:MQTT5-3.8.4-4 @requires:retained-messages
  Scenario: Retain Handling 0 sends the retained message on every SUBSCRIBE, 1 only on a new subscription, 2 never
    Given clients "always", "when-new", "never" and "publisher" are connected with MQTT 5
    And "publisher" publishes the retained message "setpoint 21" to "thermostat"
    When "always" sends a SUBSCRIBE to "thermostat" at QoS 1 with Retain Handling 0, twice
    And "when-new" sends a SUBSCRIBE to "thermostat" at QoS 1 with Retain Handling 1, twice
    And "never" sends a SUBSCRIBE to "thermostat" at QoS 1 with Retain Handling 2, twice
    Then [MQTT5-3.8.4-4] "always" receives "setpoint 21" on "thermostat" 2 times with RETAIN 1
    And [MQTT5-3.3.1-10] "when-new" receives "setpoint 21" on "thermostat" 1 time with RETAIN 1
    And [MQTT5-3.3.1-11] "never" receives nothing on "thermostat"

  @req:MQTT5-3.3.1-9 @profile:oasis @requires:retained-messages @requires:wildcard-subscriptions
  Scenario: Retain Handling 0 on a wildcard filter sends the retained message of every matching topic
    # AWS IoT Core sends retained messages to exact subscriptions only [RET-06]: judged under OASIS only
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "publisher" publishes the retained message "on" to "lamps/kitchen"
    And "publisher" publishes the retained message "off" to "lamps/hall"
    When "subscriber" subscribes to "lamps/+" at QoS 1
    Then "subscriber" receives "on" on "lamps/kitchen" with RETAIN 1
    And "subscriber" receives "off" on "lamps/hall" with RETAIN 1

  @req:MQTT5-3.3.4-3 @req:MQTT5-3.3.4-4 @req:MQTT5-3.3.4-5 @profile:oasis @requires:subscription-identifiers @requires:wildcard-subscriptions
  Scenario: a message matching two subscriptions with identifiers carries both: in one PUBLISH, or one in each copy
    # AWS IoT Core has no Subscription Identifiers [M5-17]: judged under OASIS only
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    When "subscriber" subscribes with:
      | filter                  | a/# |
      | QoS                     | 1   |
      | Subscription Identifier | 1   |
    Then [MQTT5-3.3.4-3] "subscriber" is granted QoS 1
    When "subscriber" subscribes with:
      | filter                  | a/+ |
      | QoS                     | 1   |
      | Subscription Identifier | 2   |
    Then [MQTT5-3.3.4-3] "subscriber" is granted QoS 1
    When "subscriber" subscribes with:
      | filter | a/b |
      | QoS    | 1   |
    Then [MQTT5-3.3.4-3] "subscriber" is granted QoS 1
    When "publisher" publishes "both" to "a/b" at QoS 1
    Then [MQTT5-3.3.4-3] the copies of "both" "subscriber" received carry the Subscription Identifiers 1 and 2 between them
    And [MQTT5-3.3.4-4] the copies of "both" "subscriber" received carry the Subscription Identifiers 1 and 2 on one copy, if the broker sent a single copy
    And [MQTT5-3.3.4-5] the copies of "both" "subscriber" received carry the Subscription Identifiers 1 and 2 one to a copy, if the broker sent several

  @req:MQTT5-3.10.4-1 @req:MQTT5-3.10.4-2 @requires:wildcard-subscriptions
  Scenario: UNSUBSCRIBE removes only the subscription whose filter is the same, character for character
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "a/+" at QoS 1
    When "subscriber" unsubscribes from these filters in one UNSUBSCRIBE:
      | a/b |
    And "publisher" publishes "still" to "a/b" at QoS 1
    Then [MQTT5-3.10.4-1] "subscriber" receives "still" on "a/b"
    When "subscriber" unsubscribes from these filters in one UNSUBSCRIBE:
      | a/+ |
    And "publisher" publishes "gone" to "a/b" at QoS 1
    Then [MQTT5-3.10.4-2] "subscriber" receives no "gone" on "a/b"

  @req:MQTT5-3.10.4-4 @req:MQTT5-3.10.4-5 @req:MQTT5-3.10.4-6 @req:MQTT5-3.11.3-1 @req:MQTT5-3.11.3-2
  Scenario: one UNSUBSCRIBE of two filters gets one UNSUBACK with its identifier and a code per filter, 0x11 for the one never subscribed
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "b" at QoS 1
    And "subscriber" has subscribed to "c" at QoS 1
    When "subscriber" sends an UNSUBSCRIBE with:
      | filter            | a   |
      | filter            | b   |
      | filter            | c   |
      | packet identifier | 258 |
    Then [MQTT5-3.10.4-5] "subscriber" receives an UNSUBACK with packet identifier 258
    And [MQTT5-3.10.4-4] "subscriber" receives one UNSUBACK for it
    And [MQTT5-3.11.3-1] the UNSUBACK to "subscriber" has these reason codes, one per filter:
      | 0x11 |
      | 0x00 |
      | 0x00 |
    And [MQTT5-3.11.3-2] the packets "subscriber" received keep that rule
    When "publisher" publishes "after" to "b" at QoS 1
    And "publisher" publishes "after" to "c" at QoS 1
    Then [MQTT5-3.10.4-6] "subscriber" receives nothing on "b"
    And [MQTT5-3.10.4-6] "subscriber" receives nothing on "c"

  @req:MQTT5-3.10.4-3
  Scenario: a QoS 1 delivery begun before UNSUBSCRIBE is completed: sent again after a reconnect
    Given client "subscriber" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "orders" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes "order-1" to "orders" at QoS 1
    Then "subscriber" receives "order-1" on "orders" at QoS 1
    When "subscriber" unsubscribes from these filters in one UNSUBSCRIBE:
      | orders |
    And "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then "subscriber" receives "order-1" on "orders" at QoS 1
