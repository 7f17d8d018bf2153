@area:sessions
Feature: How long a session outlives its connection
  Whether a session ends once its expiry interval has passed after disconnect, taking its
  subscriptions and stored messages with it, and how CONNECT and DISCONNECT set that interval.

  @req:SES-04 @req:SES-13 @req:SES-15 @req:SES-16 @req:SES-17 @req:SES-08 @requires:short-session-expiry @mqtt5 @slow
  Scenario: an MQTT 5 session ends when the interval in force at disconnect has passed, with its subscriptions and stored messages
    Given "subscriber" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 1
    And "keeper" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 1
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "orders/new" at QoS 1
    When "subscriber" disconnects
    And "subscriber" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 1
    Then the CONNACK to "subscriber" says a session is present
    When "subscriber" disconnects
    And "keeper" disconnects with Session Expiry Interval 300
    And "publisher" publishes "order-5" to "orders/new" at QoS 1
    And "subscriber" stays offline for 1.2 seconds
    And "subscriber" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 1
    And "keeper" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 1
    Then the CONNACK to "subscriber" says no session is present
    And the CONNACK to "keeper" says a session is present
    When "publisher" publishes "order-6" to "orders/new" at QoS 1
    Then "subscriber" receives nothing on "orders/new"
    When "subscriber" subscribes to "orders/new" at QoS 1
    And "publisher" publishes "order-7" to "orders/new" at QoS 1
    Then "subscriber" receives "order-7" on "orders/new" at QoS 1

  @req:SES-14 @req:SES-12 @req:SES-16 @profile:aws-iot-core @requires:broker-configuration @requires:short-session-expiry @mqtt311 @mqtt5 @slow
  Scenario: after 1.2 s offline, an MQTT 3.1.1 session past the configured expiry has ended, and an MQTT 5 session has lost the message that expired
    Given the broker under test is started with this configuration:
      """json
      { "limits": { "mqtt3SessionExpirySeconds": 1 } }
      """
    And client "old" is connected with MQTT 3.1.1 and a persistent session
    And client "new" is connected with MQTT 5 and a persistent session
    And client "publisher" is connected with MQTT 5
    And "old" has subscribed to "alerts/door" at QoS 1
    And "new" has subscribed to "alerts/door" at QoS 1
    When "old" drops its connection
    And "old" reconnects with MQTT 3.1.1 and its persistent session
    Then the CONNACK to "old" says a session is present
    When "old" drops its connection
    And "new" drops its connection
    And "publisher" publishes "opened" to "alerts/door" at QoS 1, expiring after 1 s
    And "publisher" publishes "closed" to "alerts/door" at QoS 1
    And "old" stays offline for 1.2 seconds
    And "old" reconnects with MQTT 3.1.1 and its persistent session
    And "new" reconnects with MQTT 5 and its persistent session
    Then the CONNACK to "old" says no session is present
    And "new" receives "closed" on "alerts/door" at QoS 1
    And "old" and "new" receive nothing on "alerts/door"

  @req:SES-15 @mqtt5
  Scenario: raising the Session Expiry Interval from 0 on DISCONNECT is a protocol error
    Given "device" connects with MQTT 5, Clean Start 1 and Session Expiry Interval 0
    When "device" sends DISCONNECT with Session Expiry Interval 60
    Then the broker disconnects "device" with reason code 0x82

  @req:SES-15 @mqtt5
  Scenario: setting the Session Expiry Interval to 0 on DISCONNECT ends the session at disconnect
    Given "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 300
    When "device" disconnects with Session Expiry Interval 0
    And "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 300
    Then the CONNACK to "device" says no session is present

  @req:SES-18 @profile:aws-iot-core @mqtt5
  Scenario: a Session Expiry Interval above the default maximum of one hour is lowered, and CONNACK says so
    When "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 86400
    Then the CONNACK to "device" grants a Session Expiry Interval of 3600

  @req:SES-18 @profile:aws-iot-core @requires:broker-configuration @mqtt5
  Scenario: a Session Expiry Interval is never granted above 7 days, even when the broker allows the most
    Given the broker under test is started with this configuration:
      """json
      { "limits": { "maxSessionExpirySeconds": 604800 } }
      """
    When "device" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 4294967295
    Then the CONNACK to "device" grants a Session Expiry Interval of 604800
