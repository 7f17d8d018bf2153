@area:retained @requires:retained-messages
Feature: Which subscriptions receive retained messages
  Whether a retained message is sent to wildcard and shared subscriptions when they subscribe:
  AWS IoT Core sends it only to an exact topic match and never to a shared subscription.

  @req:RET-06 @profile:aws-iot-core
  Scenario Outline: only a subscription to the exact topic receives the retained message; wildcard ones get later live messages, over <versions>
    Given client "publisher" is connected with MQTT <newer>
    And client "plus" is connected with MQTT 3.1.1
    And client "hash" is connected with MQTT <newer>
    And client "exact" is connected with MQTT 3.1.1
    And "publisher" publishes the retained message "22.5" to "site/temperature"
    When "plus" subscribes to "site/+" at QoS 1
    And "hash" subscribes to "site/#" at QoS 1
    And "exact" subscribes to "site/temperature" at QoS 1
    Then "exact" receives "22.5" on "site/temperature" with RETAIN 1
    And "plus" and "hash" receive nothing on "site/temperature"
    When "publisher" publishes "23.0" to "site/temperature" at QoS 1
    Then "plus" receives "23.0" on "site/temperature" with RETAIN 0
    And "hash" receives "23.0" on "site/temperature" with RETAIN 0

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:RET-06 @profile:oasis
  Scenario Outline: under OASIS a wildcard subscription receives the retained messages of every topic it matches, over <versions>
    Given client "publisher" is connected with MQTT 3.1.1
    And client "plus" is connected with MQTT <newer>
    And client "hash" is connected with MQTT 3.1.1
    And "publisher" publishes the retained message "22.5" to "site/temperature"
    When "plus" subscribes to "site/+" at QoS 1
    And "hash" subscribes to "site/#" at QoS 1
    Then "plus" receives "22.5" on "site/temperature" with RETAIN 1
    And "hash" receives "22.5" on "site/temperature" with RETAIN 1

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:RET-13 @profile:aws-iot-core @requires:shared-subscriptions @mqtt311 @mqtt5
  Scenario: a shared subscription never receives the retained message
    Given client "publisher" is connected with MQTT 5
    And client "old-member" is connected with MQTT 3.1.1
    And client "new-member" is connected with MQTT 5
    And "publisher" publishes the retained message "on" to "lamp/state"
    When "old-member" subscribes to "lamp/state" in the share group "old-lamps" at QoS 1
    And "new-member" subscribes to "lamp/state" in the share group "new-lamps" at QoS 1
    Then "old-member" and "new-member" receive nothing on "lamp/state"
    When "publisher" publishes "off" to "lamp/state" at QoS 1
    Then "old-member" receives "off" on "lamp/state" with RETAIN 0
    And "new-member" receives "off" on "lamp/state" with RETAIN 0
