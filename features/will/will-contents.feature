@area:will
Feature: What a Will may be, and what it carries
  Whether the broker accepts Wills at QoS 0 and 1, refuses QoS 2 (AWS IoT Core) and topics it
  does not accept, and carries the Will Properties onto the published message.

  @req:LWT-05 @profile:aws-iot-core
  Scenario Outline: a Will at QoS <qos> is accepted over MQTT <version>
    When client "device" connects with MQTT <version> and a Will at QoS <qos>
    Then the CONNACK to "device" accepts the connection

    @mqtt311
    Examples: MQTT 3.1.1
      | version | qos |
      | 3.1.1   | 0   |
      | 3.1.1   | 1   |

    @mqtt5
    Examples: MQTT 5
      | version | qos |
      | 5       | 0   |
      | 5       | 1   |

  # an OASIS broker that supports QoS 2 accepts a Will at QoS 2; AWS IoT Core refuses it
  @req:LWT-05 @profile:aws-iot-core @mqtt5
  Scenario: a Will at QoS 2 is refused with CONNACK 0x9B over MQTT 5
    When client "device" connects with MQTT 5 and a Will at QoS 2
    Then the broker refuses the connection of "device" with CONNACK 0x9B

  @req:LWT-05 @profile:aws-iot-core @mqtt311
  Scenario: a Will at QoS 2 is refused over MQTT 3.1.1, with a CONNACK that does not accept it or none
    When client "device" connects with MQTT 3.1.1 and a Will at QoS 2
    Then the broker closes the connection of "device", with or without a CONNACK that refuses it

  @req:LWT-09 @profile:aws-iot-core @mqtt5
  Scenario: a Will topic AWS IoT Core reserves is refused with CONNACK 0x90
    When client "device" connects with MQTT 5 and a Will on "$aws/things/d1/shadow/update"
    Then the broker refuses the connection of "device" with CONNACK 0x90

  @req:LWT-07 @mqtt5
  Scenario: the Will Properties are carried onto the published Will
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 5 and these CONNECT fields:
      | Will topic                    | devices/d1/status  |
      | Will payload                  | {"online":false}   |
      | Will Content Type             | application/json   |
      | Will Payload Format Indicator | 1                  |
      | Will Message Expiry Interval  | 60                 |
      | Will User Property            | site=plant-7       |
      | Will User Property            | line=3             |
    When "device" drops its connection
    Then "monitor" receives the Will of "device" with its Will Properties
