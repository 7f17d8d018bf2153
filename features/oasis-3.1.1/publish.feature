@area:oasis-3.1.1 @mqtt311
Feature: MQTT 3.1.1: PUBLISH and retained messages
  Whether the broker sets DUP, QoS and RETAIN on what it delivers as the specification says, keeps,
  replaces and deletes retained messages, refuses topics with wildcards or bad UTF-8, answers each
  QoS as it must, and delivers at the highest QoS of overlapping subscriptions (OASIS MQTT 3.1.1,
  section 3.3).

  @req:MQTT-3.3.1-1 @profile:oasis
  Scenario: a QoS 1 message delivered again after a reconnect has DUP 1
    # AWS IoT Core never sets DUP [QOS-08]: judged under OASIS only
    Given client "subscriber" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "orders" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes "order-1" to "orders" at QoS 1
    Then "subscriber" receives "order-1" on "orders" at QoS 1
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 3.1.1 and its persistent session
    Then "subscriber" receives "order-1" on "orders" at QoS 1
    And every PUBLISH "subscriber" received has DUP 1

  @req:MQTT-3.3.1-2 @req:MQTT-3.3.1-3
  Scenario: a message published with DUP 1 reaches subscribers with DUP 0, at QoS 0 as at QoS 1
    Given clients "at-qos-0", "at-qos-1" and "publisher" are connected with MQTT 3.1.1
    And "at-qos-0" has subscribed to "orders" at QoS 0
    And "at-qos-1" has subscribed to "orders" at QoS 1
    When "publisher" sends a PUBLISH with:
      | topic   | orders   |
      | payload | resent   |
      | QoS     | 1        |
      | DUP     | 1        |
    Then [MQTT-3.3.1-2] "at-qos-0" receives "resent" on "orders" at QoS 0
    And [MQTT-3.3.1-2] every PUBLISH "at-qos-0" received has DUP 0
    And [MQTT-3.3.1-3] "at-qos-1" receives "resent" on "orders" at QoS 1
    And [MQTT-3.3.1-3] every PUBLISH "at-qos-1" received has DUP 0

  @req:MQTT-3.3.1-4 @req:MQTT-3.3.2-2 @req:MQTT-4.7.1-1 @req:MQTT-3.3.2-1
  Scenario: a PUBLISH with QoS 3, a wildcard or bad UTF-8 in its topic closes the connection, and nothing is delivered
    Given clients "qos-3", "plus", "hash", "bad-utf8" and "subscriber" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "alerts/#" at QoS 1
    When "qos-3" sends "a PUBLISH with QoS 3"
    And "plus" sends a PUBLISH with:
      | topic   | alerts/+ |
      | payload | x        |
    And "hash" sends a PUBLISH with:
      | topic   | alerts/# |
      | payload | x        |
    And "bad-utf8" sends "a PUBLISH whose topic is not valid UTF-8"
    Then [MQTT-3.3.1-4] the broker closes the connection of "qos-3"
    And [MQTT-3.3.2-2] the broker closes the connection of "plus"
    And [MQTT-4.7.1-1] the broker closes the connection of "hash"
    And [MQTT-3.3.2-1] the broker closes the connection of "bad-utf8"
    And [MQTT-3.3.1-4] "subscriber" receives nothing on any of these topics:
      | alerts   |
      | alerts/+ |
      | alerts/# |

  @req:MQTT-3.3.1-5 @req:MQTT-3.3.1-8
  Scenario: a retained message keeps its QoS, and reaches a new subscriber with RETAIN 1
    Given clients "publisher" and "late" are connected with MQTT 3.1.1
    When "publisher" publishes the retained message "config-v1" to "config"
    And "late" subscribes to "config" at QoS 1
    Then [MQTT-3.3.1-5] "late" receives "config-v1" on "config" at QoS 1 with RETAIN 1
    And [MQTT-3.3.1-8] every PUBLISH "late" received has RETAIN 1

  @req:MQTT-3.3.1-6 @requires:wildcard-subscriptions @profile:oasis
  Scenario: a wildcard subscription receives the retained message of every topic it matches
    # AWS IoT Core sends retained messages to exact matches only [RET-06]: judged under OASIS only
    Given clients "publisher" and "late" are connected with MQTT 3.1.1
    When "publisher" publishes the retained message "on" to "lamps/kitchen"
    And "publisher" publishes the retained message "off" to "lamps/hall"
    And "late" subscribes to "lamps/+" at QoS 1
    Then "late" receives "on" on "lamps/kitchen" with RETAIN 1
    And "late" receives "off" on "lamps/hall" with RETAIN 1

  @req:MQTT-3.3.1-7
  Scenario: a retained message at QoS 0 replaces the one before it, whether or not the broker keeps it
    Given clients "publisher" and "late" are connected with MQTT 3.1.1
    When "publisher" publishes the retained message "old" to "config"
    And "publisher" sends a PUBLISH with:
      | topic   | config |
      | payload | new    |
      | retain  | 1      |
    And "publisher" still answers PINGREQ
    And "late" subscribes to "config" at QoS 1
    Then "late" receives no "old" on "config"

  @req:MQTT-3.3.1-9 @req:MQTT-3.3.1-12
  Scenario: a live message reaches existing subscribers with RETAIN 0, and a publish without RETAIN leaves the retained message as it was
    Given clients "publisher", "early" and "late" are connected with MQTT 3.1.1
    And "early" has subscribed to "config" at QoS 1
    When "publisher" publishes the retained message "v1" to "config"
    Then [MQTT-3.3.1-9] "early" receives "v1" on "config" with RETAIN 0
    When "publisher" publishes "passing by" to "config" at QoS 1
    And "late" subscribes to "config" at QoS 1
    Then [MQTT-3.3.1-12] "late" receives "v1" on "config" with RETAIN 1
    And [MQTT-3.3.1-12] "late" receives no "passing by" on "config"

  @req:MQTT-3.3.1-10 @req:MQTT-3.3.1-11
  Scenario: an empty retained message reaches current subscribers and deletes the retained message; it is never kept itself
    Given clients "publisher", "current", "late" and "later" are connected with MQTT 3.1.1
    And "current" has subscribed to "config" at QoS 1
    When "publisher" publishes the retained message "v1" to "config"
    Then [MQTT-3.3.1-10] "current" receives "v1" on "config"
    When "publisher" deletes the retained message of "config"
    Then [MQTT-3.3.1-10] "current" receives "" on "config"
    When "late" subscribes to "config" at QoS 1
    Then [MQTT-3.3.1-10] "late" receives nothing on "config"
    When "publisher" deletes the retained message of "nothing-there"
    And "later" subscribes to "nothing-there" at QoS 1
    Then [MQTT-3.3.1-11] "later" receives nothing on "nothing-there"

  @req:MQTT-3.3.2-3 @requires:wildcard-subscriptions
  Scenario: every topic the broker delivers matches the subscription it was delivered for
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "a/+/c" at QoS 1
    And "subscriber" has subscribed to "x/#" at QoS 1
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | a/b/c   |
      | a/b/d   |
      | a/b/c/d |
      | x/y/z   |
      | y/x     |
    Then "subscriber" receives a message on each of these topics:
      | a/b/c |
      | x/y/z |
    And "subscriber" receives nothing on any of these topics:
      | a/b/d   |
      | a/b/c/d |

  @req:MQTT-3.3.4-1
  Scenario: a QoS 0 PUBLISH is not answered, a QoS 1 PUBLISH gets a PUBACK
    Given clients "quiet" and "acknowledged" are connected with MQTT 3.1.1
    When "quiet" publishes "fire and forget" to "readings" at QoS 0
    And "acknowledged" sends a QoS 1 PUBLISH of "reading" to "readings" with packet identifier 9
    Then "quiet" receives no PUBACK
    And "acknowledged" receives a PUBACK with packet identifier 9

  @req:MQTT-3.3.5-1 @requires:wildcard-subscriptions
  Scenario: a message matching two subscriptions of one client is delivered at the higher of their QoS
    Given clients "subscriber" and "publisher" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "a/#" at QoS 0
    And "subscriber" has subscribed to "a/+" at QoS 1
    When "publisher" publishes "both" to "a/b" at QoS 1
    Then "subscriber" receives "both" on "a/b" at QoS 1, in one of its copies

  @req:MQTT-3.3.5-2
  Scenario: a PUBLISH the client may not make is answered with a PUBACK or the close, and reaches no one
    Given the broker is configured with these accounts:
      | user   | password | may publish to |
      | sensor | s3cret   | telemetry/#    |
    And client "sensor" is connected with MQTT 3.1.1 as user "sensor" with password "s3cret"
    And client "watcher" is connected with MQTT 3.1.1 as user "sensor" with password "s3cret"
    And "watcher" has subscribed to "valves/main" at QoS 1
    When "sensor" sends a QoS 1 PUBLISH of "open" to "valves/main" with packet identifier 3
    Then the broker answers "sensor" with a PUBACK with packet identifier 3, or closes its connection
    And "watcher" receives nothing on "valves/main"
