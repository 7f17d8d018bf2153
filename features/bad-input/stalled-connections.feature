@area:bad-input
Feature: Connections that send nothing, or stop mid-packet
  Whether the broker closes, within a bounded time, a connection that never sends CONNECT and one
  that stops in the middle of a packet, while a bystander carries on undisturbed.

  @req:BAD-10 @requires:broker-configuration @mqtt311 @mqtt5
  Scenario: a silent connection and one stalled mid-packet are closed within 2 seconds of a 300 ms timeout
    Given the broker under test is started with this configuration:
      """
      { "limits": { "connectTimeoutMs": 300 } }
      """
    And bystander "bystander" is connected with MQTT 5 and subscribed to "heartbeat"
    And client "stalled" is connected with MQTT 3.1.1
    When client "silent" opens a connection with MQTT 5
    And "stalled" sends "the first half of a PUBLISH"
    Then the broker closes the connection of "silent" within 2 seconds
    And the broker closes the connection of "stalled" within 2 seconds
    And bystander "bystander" still receives what is published to "heartbeat"
