@area:mqtt5
Feature: Acknowledgements and disconnections from the broker
  Whether every acknowledgement carries a reason code, whether the broker says why it closes a
  connection, and whether it never redirects a client to another server.

  @req:M5-01 @mqtt5
  Scenario: CONNACK, PUBACK, SUBACK, UNSUBACK and DISCONNECT all carry a reason code
    Given client "device" is connected with MQTT 5
    And "device" has subscribed to "status" at QoS 1
    When "device" publishes "up" to "status" at QoS 1
    And "device" unsubscribes from these filters in one UNSUBSCRIBE:
      | status  |
      | missing |
    # the takeover makes the broker close "device", with a DISCONNECT if it sends one [M5-08]
    And client "usurper" connects with MQTT 5 using the client identifier of "device"
    Then the broker closes the connection of "device"
    And "device" received CONNACK, PUBACK, SUBACK and UNSUBACK, and any DISCONNECT, each with a reason code

  @req:M5-19 @profile:aws-iot-core @mqtt5
  Scenario: neither the CONNACK nor the DISCONNECT of a connection taken over redirects the client to another server
    Given client "device" is connected with MQTT 5
    When client "usurper" connects with MQTT 5 using the client identifier of "device"
    Then the broker closes the connection of "device"
    And no CONNACK or DISCONNECT "device" received redirects it to another server
    And no CONNACK or DISCONNECT "usurper" received redirects it to another server

  @req:M5-18 @profile:aws-iot-core @mqtt5
  Scenario: a SUBSCRIBE with a Subscription Identifier is refused with DISCONNECT 0xA1 "Subscription Identifiers not supported"
    Given client "device" is connected with MQTT 5
    When "device" sends a SUBSCRIBE with:
      | filter                  | status |
      | QoS                     | 1      |
      | Subscription Identifier | 7      |
    Then the broker disconnects "device" with reason code 0xA1
