@area:connect
Feature: One connection per client identifier, and CONNECT first and once
  Whether a second connection with a client identifier replaces the first, and whether the broker
  answers CONNECT first and treats a second CONNECT as a violation.

  @req:DIF-02
  Scenario Outline: a second connection with the same client identifier is accepted and closes the first, over MQTT <version>
    # MQTT 5: a DISCONNECT 0x8E before the close is what the broker should send (RC-13 judges the code)
    Given client "first" is connected with MQTT <version>
    When client "second" connects with MQTT <version> using the client identifier of "first"
    Then the CONNACK to "second" accepts the connection
    And the broker closes the connection of "first"
    And "second" still answers PINGREQ

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:DIF-03
  Scenario Outline: CONNACK is the first packet the broker sends, and a second CONNECT closes the connection, over MQTT <version>
    When client "device" connects with MQTT <version>
    Then the first packet "device" received is CONNACK
    When "device" sends CONNECT again
    Then the broker closes the connection of "device"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |
