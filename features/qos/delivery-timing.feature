@area:qos
Feature: Timing and ordering a client must tolerate
  Whether deliveries arrive within a bounded wait after SUBACK, and ACKs and messages in any order.

  @req:DIF-04 @profile:aws-iot-core
  Scenario Outline: a message published right after SUBACK arrives within the bounded wait over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    When "subscriber" subscribes to "fleet/truck-1/position" at QoS 1
    And "publisher" publishes "52.1,4.3" to "fleet/truck-1/position" at QoS 1
    Then "subscriber" receives "52.1,4.3" on "fleet/truck-1/position" at QoS 1

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:DIF-05 @profile:aws-iot-core
  Scenario Outline: a client subscribed to its own topic gets both its PUBACK and its message, in any order, over MQTT <version>
    Given client "device" is connected with MQTT <version>
    And "device" has subscribed to "echo/device" at QoS 1
    When "device" sends a QoS 1 PUBLISH of "ping" to "echo/device" with packet identifier 42
    Then "device" receives a PUBACK with packet identifier 42
    And "device" receives "ping" on "echo/device" at QoS 1

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |
