@area:sessions
Feature: How long a session outlives its connection
  Whether a session ends once its expiry interval has passed after disconnect (and not before),
  taking its subscriptions and stored messages with it, and how CONNECT and DISCONNECT set that
  interval. Intervals are the shortest the broker checks in time (its descriptor's
  expiryCheckIntervalMs); a session must still be there halfway, and gone once the interval and
  the broker's check interval have passed.

  @req:SES-04 @req:SES-13 @req:SES-16 @req:SES-08 @req:SES-17 @mqtt5 @slow
  Scenario: an MQTT 5 session outlives its connection for its Session Expiry Interval, then ends with its subscriptions and stored messages
    Given "subscriber" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    And "keeper" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "orders/new" at QoS 1
    And "keeper" has subscribed to "orders/new" at QoS 1
    When "subscriber" disconnects
    And "keeper" disconnects
    And "publisher" publishes "order-5" to "orders/new" at QoS 1
    And "keeper" stays offline for half the short expiry
    And "keeper" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    Then [SES-04] the CONNACK to "keeper" says a session is present
    And [SES-04] "keeper" receives "order-5" on "orders/new" at QoS 1
    When "subscriber" stays offline past the short expiry
    And "subscriber" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    Then [SES-13] the CONNACK to "subscriber" says no session is present
    And [SES-16] "subscriber" receives nothing on "orders/new"
    When "publisher" publishes "order-6" to "orders/new" at QoS 1
    Then [SES-08] "subscriber" receives nothing on "orders/new"
    When "subscriber" disconnects
    And "subscriber" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    Then [SES-17] the CONNACK to "subscriber" says a session is present

  @req:SES-14 @profile:aws-iot-core @mqtt311 @slow
  Scenario: an MQTT 3.1.1 persistent session lasts the broker's MQTT 3.1.1 session expiry, and no longer
    Given the broker is configured with:
      | MQTT 3.1.1 session expiry | short |
    And client "early" is connected with MQTT 3.1.1 and a persistent session
    And client "late" is connected with MQTT 3.1.1 and a persistent session
    When "early" drops its connection
    And "late" drops its connection
    And "early" stays offline for half the MQTT 3.1.1 session expiry
    And "early" reconnects with MQTT 3.1.1 and its persistent session
    Then the CONNACK to "early" says a session is present
    When "late" stays offline past the MQTT 3.1.1 session expiry
    And "late" reconnects with MQTT 3.1.1 and its persistent session
    Then the CONNACK to "late" says no session is present

  @req:SES-12 @profile:aws-iot-core @mqtt5 @slow
  Scenario: a stored message whose Message Expiry passes while its subscriber is offline is not delivered
    Given client "subscriber" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "alerts/door" at QoS 1
    When "subscriber" drops its connection
    And "publisher" publishes "opened" to "alerts/door" at QoS 1 with these properties:
      | Message Expiry Interval | short |
    And "publisher" publishes "closed" to "alerts/door" at QoS 1
    And "subscriber" stays offline past the short expiry
    And "subscriber" reconnects with MQTT 5 and its persistent session
    Then "subscriber" receives "closed" on "alerts/door" at QoS 1
    And "subscriber" receives nothing else on "alerts/door"

  @req:SES-15 @mqtt5
  Scenario: raising the Session Expiry Interval from 0 on DISCONNECT is a protocol error
    Given "device" connects with MQTT 5, Clean Start 1 and Session Expiry Interval 0
    When "device" sends a DISCONNECT breaking the rule that a Session Expiry Interval of 0 stays 0, with:
      | Session Expiry Interval | 60 |
    Then the broker disconnects "device" with reason code 0x82

  @req:SES-15 @mqtt5
  Scenario: setting the Session Expiry Interval to 0 on DISCONNECT ends the session at disconnect
    Given "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 300
    When "device" disconnects with:
      | Session Expiry Interval | 0 |
    And "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 300
    Then the CONNACK to "device" says no session is present

  @req:SES-15 @mqtt5 @slow
  Scenario: a Session Expiry Interval given on DISCONNECT replaces the one from CONNECT
    Given "device" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    When "device" disconnects with:
      | Session Expiry Interval | 300 |
    And "device" stays offline past the short expiry
    And "device" connects with MQTT 5, Clean Start 0 and a short Session Expiry Interval
    Then the CONNACK to "device" says a session is present

  @req:SES-18 @profile:aws-iot-core @mqtt5
  Scenario: a Session Expiry Interval of one hour, the default maximum, is granted as asked; one second more is lowered, and CONNACK says so
    When "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 3600
    And "greedy" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 3601
    Then the CONNACK to "device" has these properties:
      | Session Expiry Interval | 3600 or absent |
    And the CONNACK to "greedy" grants a Session Expiry Interval of 3600

  @req:SES-18 @profile:aws-iot-core @mqtt5
  Scenario: a Session Expiry Interval is never granted above 7 days, even when the broker allows the most
    Given the broker is configured with:
      | longest session expiry | 604800 s |
    When "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 4294967295
    Then the CONNACK to "device" grants a Session Expiry Interval of 604800
