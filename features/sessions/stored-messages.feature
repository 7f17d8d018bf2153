@area:sessions
Feature: Messages stored for an offline session
  Whether the broker bounds what it stores for an offline session, and replays it at a bounded
  rate alongside live traffic. (Stored messages that expire offline: see session-expiry.feature.)

  @req:SES-10 @profile:aws-iot-core @mqtt311
  Scenario: messages beyond the stored-message limit are dropped
    # a small limit where the broker can be set to one, its own limit where it cannot
    Given the broker is configured with:
      | stored messages per session | 3                                  |
      | stored messages replayed    | 100 per second (if it can be set) |
    And client "subscriber" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "log/lines" at QoS 1
    When "subscriber" disconnects
    And "publisher" publishes 2 numbered messages more than the stored-message limit to "log/lines" at QoS 1
    And "subscriber" reconnects with MQTT 3.1.1 and its persistent session
    Then "subscriber" receives exactly the stored-message limit of the numbered messages on "log/lines"

  @req:SES-11 @profile:aws-iot-core @mqtt311 @slow
  Scenario: stored messages are replayed at no more than 10 per second, while live messages go straight through
    Given client "subscriber" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "log/lines" at QoS 1
    When "subscriber" disconnects
    And "publisher" publishes numbered messages 1 to 11 to "log/lines" at QoS 1
    And "subscriber" reconnects with MQTT 3.1.1 and its persistent session
    And "publisher" publishes "live" to "log/lines" at QoS 1
    Then "subscriber" receives the 11 numbered messages on "log/lines" at no more than 10 per second
    And "subscriber" received "live" before the last of the numbered messages
