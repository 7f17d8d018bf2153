@area:bad-input
Feature: Connections that send nothing, or stop mid-packet
  Whether the broker closes, within a bounded time, a connection that never sends CONNECT and one
  that stops in the middle of a packet, while a bystander carries on undisturbed. OASIS says a
  broker SHOULD close a connection that sends no CONNECT in reasonable time: under the oasis
  profile a broker that does not gets a note.

  @req:BAD-10 @mqtt311 @mqtt5
  Scenario: a silent connection is closed at the broker's connect timeout, one stalled mid-packet by then or by its keep-alive, not before
    Given the broker is configured with:
      | connect timeout | 300 ms |
    And bystander "bystander" is connected with MQTT 5 and subscribed to "heartbeat"
    And client "stalled" connects with MQTT 3.1.1 and a short keep-alive
    When client "silent" opens a connection with MQTT 5
    And "stalled" sends "the first half of a PUBLISH"
    Then the broker closes the connection of "silent" at its connect timeout
    And the broker closes the connection of "stalled" at its connect timeout or 1.5 times its keep-alive, whichever comes first
    And bystander "bystander" still receives what is published to "heartbeat"
