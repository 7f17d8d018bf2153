@area:qos
Feature: At-least-once delivery of QoS 1
  Whether an unacknowledged QoS 1 message is sent again, and how a redelivery is flagged.

  @req:QOS-03
  Scenario Outline: a QoS 1 message the subscriber never acknowledged is delivered again after it reconnects over MQTT <version>
    Given client "subscriber" is connected with MQTT <version> and a persistent session
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "orders/new" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes "order-17" to "orders/new" at QoS 1
    Then "subscriber" receives "order-17" on "orders/new" at QoS 1
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT <version> and its persistent session
    Then "subscriber" receives "order-17" on "orders/new" at QoS 1

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:QOS-08 @profile:aws-iot-core
  Scenario Outline: a redelivered QoS 1 message does not carry the DUP flag over MQTT <version>
    Given client "subscriber" is connected with MQTT <version> and a persistent session
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "orders/new" at QoS 1
    And "subscriber" withholds its PUBACKs
    When "publisher" publishes "order-18" to "orders/new" at QoS 1
    Then "subscriber" receives "order-18" on "orders/new" at QoS 1
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT <version> and its persistent session
    Then "subscriber" receives "order-18" on "orders/new" at QoS 1
    And every PUBLISH "subscriber" received has DUP 0

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |
