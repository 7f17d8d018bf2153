@area:qos
Feature: QoS 0 and QoS 1 delivery
  Whether the broker grants, delivers and acknowledges QoS 0 and QoS 1 as the profile says.

  @req:QOS-01
  Scenario Outline: a QoS <qos> subscription is granted and receives QoS <qos> messages over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    When "subscriber" subscribes to "sensors/temperature" at QoS <qos>
    Then "subscriber" is granted QoS <qos>
    When "publisher" publishes "21.5" to "sensors/temperature" at QoS <qos>
    Then "subscriber" receives "21.5" on "sensors/temperature" at QoS <qos>

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

  @req:QOS-02
  Scenario Outline: a QoS 0 PUBLISH is never acknowledged over MQTT <version>
    Given client "publisher" is connected with MQTT <version>
    When "publisher" publishes "fire and forget" to "sensors/humidity" at QoS 0
    Then "publisher" receives no PUBACK

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:QOS-07
  Scenario Outline: a QoS 1 message reaches a QoS 0 subscription at QoS 0 over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "alerts/door" at QoS 0
    When "publisher" publishes "open" to "alerts/door" at QoS 1
    Then "subscriber" receives "open" on "alerts/door" at QoS 0

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:QOS-09
  Scenario Outline: the PUBACK of a QoS 1 PUBLISH carries its packet identifier over MQTT <version>
    Given client "publisher" is connected with MQTT <version>
    When "publisher" sends a QoS 1 PUBLISH of "reading" to "meters/power" with packet identifier <id>
    Then "publisher" receives a PUBACK with packet identifier <id>

    @mqtt311
    Examples: MQTT 3.1.1
      | version | id    |
      | 3.1.1   | 7     |
      | 3.1.1   | 65535 |

    @mqtt5
    Examples: MQTT 5
      | version | id    |
      | 5       | 7     |
      | 5       | 65535 |
