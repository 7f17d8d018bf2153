@area:oasis-5.0 @mqtt5 @requires:enhanced-authentication @profile:oasis
Feature: MQTT 5.0: enhanced authentication
  Whether a broker with an enhanced authentication method (SCRAM-SHA-256 here: RFC 5802 and 7677)
  runs the exchange as section 4.12 says: AUTH 0x18 while it needs more, the method named again in
  each AUTH and in the CONNACK, the codes of the AUTH table, nothing larger than the client allows,
  a failure at any step closing the connection, re-authentication on a live connection, and AUTH
  packets with wrong flags refused. AWS IoT Core has no enhanced authentication [QOS-06]: judged
  under OASIS only (OASIS MQTT 5.0, sections 3.15 and 4.12).

  @req:MQTT5-4.12.0-2 @req:MQTT5-4.12.0-5 @req:MQTT5-3.15.2-1 @req:MQTT5-3.15.2-2 @req:MQTT5-3.15.2-3
  Scenario: a SCRAM exchange: AUTH 0x18 with the method, then CONNACK 0x00 with the method, every AUTH from the table and within the client's Maximum Packet Size
    When client "device" authenticates with MQTT 5 by the broker's enhanced method, with its password and a Maximum Packet Size of 256
    Then [MQTT5-4.12.0-2] the broker's AUTH to "device" has reason code 0x18
    And [MQTT5-4.12.0-5] every AUTH and the CONNACK "device" received name the method of its CONNECT
    And [MQTT5-4.12.0-5] the CONNACK to "device" accepts the connection
    And [MQTT5-3.15.2-1] the packets "device" received keep that rule
    And [MQTT5-3.15.2-2] every AUTH "device" received fits within the Maximum Packet Size it announced
    And [MQTT5-3.15.2-3] every AUTH "device" received fits within the Maximum Packet Size it announced

  @req:MQTT5-4.12.0-4
  Scenario: a wrong proof fails the exchange: a CONNACK of 0x80 or above, then the close
    When client "impostor" authenticates with MQTT 5 by the broker's enhanced method, with a wrong password
    Then the broker closes the connection of "impostor", with or without a CONNACK that refuses it
    And every CONNACK "impostor" received has reason code 0x87 or 0x86 or 0x80

  @req:MQTT5-4.12.1-2
  Scenario: a failed re-authentication ends the connection, after a DISCONNECT with a code of the table
    Given client "device" authenticates with MQTT 5 by the broker's enhanced method, with its password
    When "device" re-authenticates with a wrong password
    Then the broker closes the connection of "device", after no DISCONNECT or one with a reason code a server may send

  @req:MQTT5-3.15.1-1
  Scenario: an AUTH with fixed-header flags 0001 during the exchange ends the connection
    When client "device" authenticates with MQTT 5 by the broker's enhanced method, stopping at the broker's first AUTH
    And "device" sends the bytes `F1 00`
    Then the broker closes the connection of "device", with or without a CONNACK that refuses it
