@area:will
Feature: Wills that are not published at once, and Wills that expire
  Whether the broker waits out a Will Delay Interval (publishing the Will then, not before and not
  much after) and forgets the Will when its client reconnects in time, and counts a Will's Message
  Expiry from the disconnection. A silent client whose keep-alive runs out [LWT-06] is the story of
  features/monitoring/device-monitoring.feature.

  @req:LWT-11 @mqtt5 @slow
  Scenario: a delayed Will is published after its Will Delay Interval, and not at all if its client reconnects within it
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
    Then "monitor" receives the Will of "away" its Will Delay Interval after it dropped its connection
    And "monitor" receives nothing on "devices/back/status"

  @req:LWT-08 @profile:aws-iot-core @mqtt5 @slow
  Scenario: a Will's Message Expiry counts from the disconnection, not from CONNECT
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 5 and these CONNECT fields:
      | Will topic                   | devices/d1/status |
      | Will payload                 | d1 offline        |
      | Will retain                  | 1                 |
      | Will Message Expiry Interval | short             |
    And client "early" is connected with MQTT 5
    And client "late" is connected with MQTT 5
    And the short expiry passes
    When "device" drops its connection
    Then "monitor" receives the Will of "device"
    When "early" subscribes to "devices/d1/status" at QoS 1
    Then "early" receives "d1 offline" on "devices/d1/status" with RETAIN 1
    When the short expiry passes
    And "late" subscribes to "devices/d1/status" at QoS 1
    Then "late" receives nothing on "devices/d1/status"
