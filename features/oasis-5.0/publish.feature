@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: PUBLISH, its flags and properties
  Whether the broker sets DUP only on what it sends again, keeps and replaces retained messages as
  RETAIN says, refuses topic names that are not topic names, forwards the message properties as the
  publisher set them (Payload Format Indicator, Response Topic, Correlation Data, User Properties in
  order, Content Type), counts Message Expiry down while a message waits and drops it when it runs
  out, resolves the client's topic aliases on its connection only, and answers each QoS as the
  specification says (OASIS MQTT 5.0, section 3.3).

  @req:MQTT5-3.3.1-1 @profile:oasis
  Scenario: a QoS 1 delivery sent again after a reconnect carries DUP 1
    # AWS IoT Core resends without DUP [QOS-08]: judged under OASIS only
    Given client "subscriber" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "jobs" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes "job-1" to "jobs" at QoS 1
    Then "subscriber" receives "job-1" on "jobs" at QoS 1
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then "subscriber" receives "job-1" on "jobs" at QoS 1
    And every PUBLISH "subscriber" received has DUP 1

  @req:MQTT5-3.3.1-3
  Scenario: the DUP flag of an incoming PUBLISH is not passed on
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "jobs" at QoS 1
    When "publisher" sends a PUBLISH with:
      | topic   | jobs          |
      | payload | sent with DUP |
      | QoS     | 1             |
      | DUP     | 1             |
    Then "subscriber" receives "sent with DUP" on "jobs" at QoS 1
    And every PUBLISH "subscriber" received has DUP 0

  @req:MQTT5-3.3.1-5 @req:MQTT5-3.3.1-8 @requires:retained-messages
  Scenario: the latest retained message replaces the one before; a publish without RETAIN leaves it as it was
    Given client "publisher" is connected with MQTT 5
    And client "late" is connected with MQTT 5
    When "publisher" publishes the retained message "A" to "config"
    And "publisher" publishes the retained message "B" to "config"
    And "publisher" publishes "passing by" to "config" at QoS 1
    And "late" subscribes to "config" at QoS 1
    Then [MQTT5-3.3.1-5] "late" receives "B" on "config" with RETAIN 1
    And [MQTT5-3.3.1-5] "late" receives no "A" on "config"
    And [MQTT5-3.3.1-8] "late" receives no "passing by" on "config"

  @req:MQTT5-3.3.1-6 @req:MQTT5-3.3.1-7 @requires:retained-messages
  Scenario: an empty retained message reaches current subscribers and deletes the retained message; it is never kept itself
    Given clients "publisher", "current" and "late" are connected with MQTT 5
    And "current" has subscribed to "config" at QoS 1
    When "publisher" publishes the retained message "v1" to "config"
    And "publisher" deletes the retained message of "config"
    Then [MQTT5-3.3.1-6] "current" receives "v1" on "config"
    And [MQTT5-3.3.1-6] "current" receives "" on "config"
    When "late" subscribes to "config" at QoS 1
    Then [MQTT5-3.3.1-6] "late" receives nothing on "config"
    When "publisher" deletes the retained message of "nothing-there"
    And "late" subscribes to "nothing-there" at QoS 1
    Then [MQTT5-3.3.1-7] "late" receives nothing on "nothing-there"

  @req:MQTT5-3.3.2-1 @req:MQTT5-3.3.2-2 @req:MQTT5-4.7.0-1
  Scenario: a PUBLISH whose topic is not UTF-8 or holds a wildcard is refused and not delivered
    Given client "watcher" is connected with MQTT 5
    And "watcher" has subscribed to the broker-wide filter "#" at QoS 0
    And clients "bad-utf8", "plus" and "hash" are connected with MQTT 5
    When "bad-utf8" sends "a PUBLISH whose topic is not valid UTF-8"
    And "plus" tries to publish "x" to "alerts/+" at QoS 1
    And "hash" tries to publish "x" to "alerts/#" at QoS 1
    Then [MQTT5-3.3.2-1] the broker closes the connection of "bad-utf8", after no DISCONNECT or one with 0x81
    And [MQTT5-3.3.2-2] the broker refuses the PUBLISH of "plus"
    And [MQTT5-4.7.0-1] the broker refuses the PUBLISH of "hash"
    And [MQTT5-4.7.0-1] "watcher" receives nothing on "alerts/+"

  @req:MQTT5-3.3.2-13 @req:MQTT5-3.3.2-19
  Scenario: a Response Topic or Content Type that is not well-formed UTF-8 ends the connection
    Given clients "bad-response" and "bad-content" are connected with MQTT 5
    When "bad-response" sends "a PUBLISH whose Response Topic is not valid UTF-8"
    And "bad-content" sends "a PUBLISH whose Content Type encodes a surrogate"
    Then [MQTT5-3.3.2-13] the broker closes the connection of "bad-response", after no DISCONNECT or one with 0x81
    And [MQTT5-3.3.2-19] the broker closes the connection of "bad-content", after no DISCONNECT or one with 0x81

  @req:MQTT5-3.3.2-14
  Scenario: a PUBLISH whose Response Topic has a wildcard is never forwarded with it
    # the specification fixes no reaction to it (a close is the usual one): what is observed is that it is not passed on
    Given clients "wild-response" and "responder" are connected with MQTT 5
    And "responder" has subscribed to "requests" at QoS 1
    When "wild-response" sends a PUBLISH breaking the rule that a Response Topic has no wildcards, with:
      | topic          | requests |
      | payload        | what now |
      | Response Topic | r/#      |
    And the broker may close the connection of "wild-response" for it
    Then "responder" receives nothing on "requests"

  @req:MQTT5-3.3.2-4 @req:MQTT5-3.3.2-15 @req:MQTT5-3.3.2-16 @req:MQTT5-3.3.2-20
  Scenario: Payload Format Indicator, Response Topic, Correlation Data and Content Type reach every subscriber as published
    Given clients "first", "second", "third", "fourth" and "publisher" are connected with MQTT 5
    And each of "first", "second", "third" and "fourth" has subscribed to "documents" at QoS 1
    When "publisher" publishes "{\"on\":true}" to "documents" at QoS 1 with these properties:
      | Payload Format Indicator | 1                |
      | Response Topic           | replies/x        |
      | Correlation Data         | request-7        |
      | Content Type             | application/json |
    And "publisher" publishes "plain" to "documents" at QoS 1
    Then [MQTT5-3.3.2-4] "first" receives "{\"on\":true}" on "documents" with these properties:
      | Payload Format Indicator | 1 |
    And [MQTT5-3.3.2-15] "second" receives "{\"on\":true}" on "documents" with these properties:
      | Response Topic | replies/x |
    And [MQTT5-3.3.2-16] "third" receives "{\"on\":true}" on "documents" with these properties:
      | Correlation Data | request-7 |
    And [MQTT5-3.3.2-20] "fourth" receives "{\"on\":true}" on "documents" with these properties:
      | Content Type | application/json |
    And [MQTT5-3.3.2-4] "first" receives "plain" on "documents" with these properties:
      | Payload Format Indicator | absent |
      | Content Type             | absent |

  @req:MQTT5-3.3.2-17 @req:MQTT5-3.3.2-18
  Scenario: user properties reach the subscriber all and in their order, repeated names kept
    Given clients "subscriber", "second" and "publisher" are connected with MQTT 5
    And each of "subscriber" and "second" has subscribed to "tagged" at QoS 1
    When "publisher" publishes "tagged message" to "tagged" at QoS 1 with these user properties in this order:
      | k | 1 |
      | a | 2 |
      | k | 3 |
    Then [MQTT5-3.3.2-17] "subscriber" receives "tagged message" on "tagged" with these user properties in this order:
      | k | 1 |
      | a | 2 |
      | k | 3 |
    And [MQTT5-3.3.2-18] "second" receives "tagged message" on "tagged" with these user properties in this order:
      | k | 1 |
      | a | 2 |
      | k | 3 |

  @req:MQTT5-3.3.2-5 @req:MQTT5-3.3.2-6 @slow
  Scenario: a message that expires while its subscriber is offline is dropped; one that does not arrives with the time it has left
    Given client "publisher" is connected with MQTT 5
    And client "subscriber" is connected with MQTT 5 and a persistent session
    And "subscriber" has subscribed to "readings" at QoS 1
    When "subscriber" disconnects
    And "publisher" publishes "short-lived" to "readings" at QoS 1 with these properties:
      | Message Expiry Interval | short |
    And "publisher" publishes "long-lived" to "readings" at QoS 1 with these properties:
      | Message Expiry Interval | 60 |
    And the short expiry passes
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-3.3.2-6] "subscriber" receives "long-lived" on "readings" with the seconds it has left, less the time it waited
    And [MQTT5-3.3.2-5] "subscriber" receives no "short-lived" on "readings"

  @req:MQTT5-3.3.2-12 @req:MQTT5-3.3.2-8 @requires:topic-aliases
  Scenario: every topic alias from 1 to the announced maximum stands for its topic; alias 0 is refused with 0x94
    Given client "subscriber" is connected with MQTT 5
    And "subscriber" has subscribed to "aliased/+" at QoS 1
    And client "publisher" is connected with MQTT 5
    And client "zero" is connected with MQTT 5
    When "publisher" uses each topic alias the broker announced, once with the topic "aliased/" and its number and once alone
    Then [MQTT5-3.3.2-12] "subscriber" receives both messages of each alias on the topic "aliased/" and its number
    When "zero" sends a PUBLISH breaking the topic alias rules, with:
      | topic       | aliased/zero |
      | payload     | x            |
      | Topic Alias | 0            |
    Then [MQTT5-3.3.2-8] the broker closes the connection of "zero", after no DISCONNECT or one with 0x94

  @req:MQTT5-3.3.2-7 @requires:topic-aliases
  Scenario: a topic alias does not survive its connection: using it on the next one is a protocol error
    Given client "device" is connected with MQTT 5
    When "device" sends a PUBLISH with:
      | topic       | lamps |
      | payload     | on    |
      | Topic Alias | 1     |
    And "device" drops its connection
    And client "device" connects with MQTT 5
    And "device" sends a PUBLISH breaking the topic alias rules, with:
      | topic       |     |
      | payload     | off |
      | Topic Alias | 1   |
    Then the broker closes the connection of "device", after no DISCONNECT or one with 0x82

  @req:MQTT5-3.3.4-1
  Scenario: a QoS 0 PUBLISH gets no answer and a QoS 1 PUBLISH a PUBACK (QoS 2: see the QoS 2 feature)
    Given client "device" is connected with MQTT 5
    When "device" publishes "fire and forget" to "readings" at QoS 0
    Then "device" receives no PUBACK, PUBREC or DISCONNECT
    When "device" sends a QoS 1 PUBLISH of "reading" to "readings" with packet identifier 7
    Then "device" receives a PUBACK with packet identifier 7

  @req:MQTT5-3.3.4-2 @requires:wildcard-subscriptions
  Scenario: overlapping subscriptions of one client get the message at the highest QoS among them
    Given clients "subscriber" and "publisher" are connected with MQTT 5
    And "subscriber" has subscribed to "a/#" at QoS 0
    And "subscriber" has subscribed to "a/b" at QoS 1
    When "publisher" publishes "both" to "a/b" at QoS 1
    Then "subscriber" receives "both" on "a/b" at QoS 1, in one of its copies
