@area:oasis-5.0 @mqtt5
Feature: MQTT 5.0: DISCONNECT from the broker
  Whether the broker sends DISCONNECT only on a connection it accepted, with a code of the
  DISCONNECT table and never a Session Expiry Interval, sends nothing after it and closes the
  connection (OASIS MQTT 5.0, section 3.14).

  @req:MQTT5-3.14.0-1
  Scenario: a connection that never got CONNACK 0x00 ends without a DISCONNECT
    When client "garbage" opens a connection with MQTT 5
    And client "refused" opens a connection with MQTT 5
    And "garbage" sends "a SUBSCRIBE, then a CONNECT"
    And "refused" sends "a CONNECT with protocol level 6"
    Then the broker closes the connection of "garbage", with or without a CONNACK that refuses it
    And the broker closes the connection of "refused", with or without a CONNACK that refuses it
    And "garbage" receives no DISCONNECT
    And "refused" receives no DISCONNECT

  @req:MQTT5-3.14.2-1 @req:MQTT5-3.14.2-2 @req:MQTT5-3.14.4-1 @req:MQTT5-3.14.4-2
  Scenario: the DISCONNECTs of a takeover and of a protocol error carry a code of the table, no Session Expiry Interval, and are the last packet before the close
    Given client "first" is connected with MQTT 5 and these CONNECT fields:
      | Session Expiry Interval | 60 |
    And client "alias-0" is connected with MQTT 5
    When client "second" connects with MQTT 5 using the client identifier of "first"
    And "alias-0" sends a PUBLISH breaking the topic alias rules, with:
      | topic       | lamps |
      | payload     | on    |
      | Topic Alias | 0     |
    Then [MQTT5-3.14.4-2] the broker disconnects "first" with reason code 0x8E
    And [MQTT5-3.14.4-2] the broker closes the connection of "alias-0", after no DISCONNECT or one with 0x94
    And [MQTT5-3.14.2-1] the packets "first" and "alias-0" received keep that rule
    And [MQTT5-3.14.2-2] the packets "first" and "alias-0" received keep that rule
    And [MQTT5-3.14.4-1] the packets "first" and "alias-0" received keep that rule
