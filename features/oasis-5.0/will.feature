@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: the Will Message
  Whether the broker keeps the Will of a connection, publishes it when the connection ends without
  a normal DISCONNECT (retained or not, its user properties in order), waits out its Will Delay
  Interval, forgets it after DISCONNECT 0x00 or once published, and never publishes it when the
  session comes back in time (OASIS MQTT 5.0, sections 3.1.2, 3.1.3 and 3.14.4).

  @req:MQTT5-3.1.2-7 @req:MQTT5-3.1.2-14 @req:MQTT5-3.1.3-10
  Scenario: a lost connection publishes its Will, not retained, with its user properties in order
    Given clients "monitor" and "auditor" are connected with MQTT 5
    And each of "monitor" and "auditor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 5 and these CONNECT fields:
      | Will topic         | devices/d1/status |
      | Will payload       | d1 offline        |
      | Will User Property | zone=hall         |
      | Will User Property | after=3           |
      | Will User Property | model=x1          |
    And client "late" is connected with MQTT 5
    When "device" drops its connection
    Then [MQTT5-3.1.2-7] "monitor" receives "d1 offline" on "devices/d1/status" with RETAIN 0
    And [MQTT5-3.1.3-10] "auditor" receives "d1 offline" on "devices/d1/status" with these user properties in this order:
      | zone  | hall |
      | after | 3    |
      | model | x1   |
    When "late" subscribes to "devices/d1/status" at QoS 1
    Then [MQTT5-3.1.2-14] "late" receives nothing on "devices/d1/status"

  @req:MQTT5-3.1.2-15 @requires:retained-messages
  Scenario: a Will with Will Retain 1 becomes the retained message of its topic
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "devices/d2/status" at QoS 1
    And client "device" is connected with MQTT 5 and these CONNECT fields:
      | Will topic   | devices/d2/status |
      | Will payload | d2 offline        |
      | Will retain  | 1                 |
    And client "late" is connected with MQTT 5
    When "device" drops its connection
    Then "monitor" receives the Will of "device"
    When "late" subscribes to "devices/d2/status" at QoS 1
    Then "late" receives "d2 offline" on "devices/d2/status" with RETAIN 1

  @req:MQTT5-3.14.4-3 @req:MQTT5-3.1.2-10
  Scenario: DISCONNECT 0x00 drops the Will unpublished, and a later lost connection without a Will publishes nothing; DISCONNECT 0x04 publishes it
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "devices/+/status" at QoS 1
    And client "graceful" is connected with MQTT 5 and these CONNECT fields:
      | Clean Start             | 0                       |
      | Session Expiry Interval | 60                      |
      | Will topic              | devices/graceful/status |
    And client "with-will" is connected with MQTT 5 and these CONNECT fields:
      | Will topic | devices/with-will/status |
    When "graceful" disconnects with:
      | reason code | 0x00 |
    And "with-will" disconnects with:
      | reason code | 0x04 |
    Then [MQTT5-3.14.4-3] "monitor" receives the Will of "with-will"
    When "graceful" reconnects with MQTT 5 and its persistent session
    And "graceful" drops its connection
    Then [MQTT5-3.14.4-3] "monitor" receives nothing on "devices/graceful/status"
    And [MQTT5-3.1.2-10] "monitor" receives nothing else on "devices/with-will/status"

  @req:MQTT5-3.1.2-8 @req:MQTT5-3.1.3-9 @slow
  Scenario: a delayed Will is published its Will Delay Interval after the close, and never if the session comes back within it
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "devices/+/status" at QoS 1
    And client "away" is connected with MQTT 5 and these CONNECT fields:
      | Clean Start             | 0                   |
      | Session Expiry Interval | 300                 |
      | Will topic              | devices/away/status |
      | Will payload            | away offline        |
      | Will Delay Interval     | short               |
    And client "back" is connected with MQTT 5 and these CONNECT fields:
      | Clean Start             | 0                   |
      | Session Expiry Interval | 300                 |
      | Will topic              | devices/back/status |
      | Will payload            | back offline        |
      | Will Delay Interval     | short               |
    When "away" drops its connection
    And "back" drops its connection
    And "back" reconnects with MQTT 5 and its persistent session
    Then [MQTT5-3.1.2-8] "monitor" receives the Will of "away" its Will Delay Interval after it dropped its connection
    And [MQTT5-3.1.3-9] "monitor" receives nothing on "devices/back/status"

  @req:MQTT5-3.1.2-8 @slow
  Scenario: a Will whose session ends before its Will Delay Interval is published when the session ends
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "devices/short/status" at QoS 1
    And client "short" is connected with MQTT 5 and these CONNECT fields:
      | Session Expiry Interval | short                |
      | Will topic              | devices/short/status |
      | Will payload            | short offline        |
      | Will Delay Interval     | 300                  |
    When "short" drops its connection
    Then "monitor" receives the Will of "short" when its session expires
