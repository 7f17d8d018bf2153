@area:topics
Feature: Topic, topic filter and client identifier limits
  Whether the broker accepts names up to the AWS limits and refuses the first one over each.
  Levels and lengths count the scenario's own namespace level.

  @req:DIF-06 @profile:aws-iot-core
  Scenario Outline: a topic with 7 slashes is delivered, one with 8 is refused, over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "#" at QoS 1
    When "publisher" publishes "deep" to a topic of 8 levels at QoS 1
    Then "subscriber" receives "deep" on that topic
    When "publisher" tries to publish "deeper" to a topic of 9 levels at QoS 1
    Then the broker refuses the PUBLISH of "publisher"
    And "subscriber" receives nothing on that topic

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:DIF-06 @profile:aws-iot-core
  Scenario Outline: a topic of 256 bytes is delivered, one of 257 bytes is refused, over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "#" at QoS 1
    When "publisher" publishes "long" to a topic of 256 bytes at QoS 1
    Then "subscriber" receives "long" on that topic
    When "publisher" tries to publish "longer" to a topic of 257 bytes at QoS 1
    Then the broker refuses the PUBLISH of "publisher"
    And "subscriber" receives nothing on that topic

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:DIF-06 @profile:aws-iot-core
  Scenario Outline: a filter with 7 slashes is granted, one with 8 is refused, over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    When "subscriber" subscribes to a filter of 8 levels at QoS 1
    Then "subscriber" is granted QoS 1
    When "subscriber" subscribes to a filter of 9 levels at QoS 1
    Then the SUBACK to "subscriber" refuses the filter

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:DIF-06 @profile:aws-iot-core
  Scenario Outline: a client identifier of 128 bytes is accepted, one of 129 bytes is refused, over MQTT <version>
    When client "device" connects with MQTT <version> and a client identifier of 128 bytes
    Then the CONNACK to "device" accepts the connection
    When client "other" connects with MQTT <version> and a client identifier of 129 bytes
    Then the broker refuses the connection of "other" with CONNACK <refusal>

    @mqtt311
    Examples: MQTT 3.1.1 (return code 2, identifier rejected)
      | version | refusal |
      | 3.1.1   | 0x02    |

    @mqtt5
    Examples: MQTT 5 (reason code 0x85, Client Identifier not valid)
      | version | refusal |
      | 5       | 0x85    |
