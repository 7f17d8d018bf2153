@area:reason-codes
Feature: DISCONNECT reason codes from the broker
  Whether the broker tells an MQTT 5 client why it closes the connection, with the reason code for
  the cause: malformed packet, protocol error, takeover, topic, shutdown, administrator. Closing is
  what OASIS requires; the DISCONNECT before it is a SHOULD (a MAY on shutdown), so under the oasis
  profile a missing or different code is a note. (The keep-alive code 0x8D: mqtt5/flow-control.)

  @req:RC-11 @mqtt5
  Scenario: a malformed packet gets DISCONNECT 0x81 and a protocol error DISCONNECT 0x82
    Given client "garbled" is connected with MQTT 5
    And client "confused" is connected with MQTT 5
    When "garbled" sends "a SUBSCRIBE with fixed-header flags 0000"
    And "confused" sends "a SUBSCRIBE without a topic filter"
    Then the broker disconnects "garbled" with reason code 0x81
    And the broker disconnects "confused" with reason code 0x82

  @req:RC-13 @mqtt5
  Scenario: the older of two connections with one client identifier gets DISCONNECT 0x8E before the close
    Given client "first" is connected with MQTT 5
    When client "second" connects with MQTT 5 using the client identifier of "first"
    Then the broker disconnects "first" with reason code 0x8E

  @req:M5-08 @mqtt5
  Scenario: a DISCONNECT the broker sends before closing a connection carries a reason code a server may send
    # sending one is optional; which code a takeover deserves is RC-13's concern
    Given client "first" is connected with MQTT 5
    When client "second" connects with MQTT 5 using the client identifier of "first"
    Then the broker closes the connection of "first", after no DISCONNECT or one with a reason code a server may send

  @req:RC-14 @mqtt5
  Scenario: a PUBLISH to a topic with a wildcard gets DISCONNECT 0x90
    Given client "device" is connected with MQTT 5
    When "device" sends "a PUBLISH to a topic with a wildcard"
    Then the broker disconnects "device" with reason code 0x90

  @req:RC-15 @mqtt5
  Scenario: a broker shutting down sends DISCONNECT 0x8B to every client
    Given a broker of the scenario's own
    And clients "device-1" and "device-2" are connected with MQTT 5
    When the broker under test is stopped
    Then the broker disconnects "device-1" with reason code 0x8B
    And the broker disconnects "device-2" with reason code 0x8B

  @req:RC-15 @requires:admin-api @mqtt5
  Scenario: a client an administrator disconnects gets DISCONNECT 0x98, the others stay connected
    Given a broker of the scenario's own
    And clients "device-1" and "device-2" are connected with MQTT 5
    When an administrator disconnects "device-1" through the broker's API
    Then the broker disconnects "device-1" with reason code 0x98
    And "device-2" still answers PINGREQ
