@area:retained @requires:retained-messages
Feature: Retained messages
  Whether the broker keeps one retained message per topic, sends it to new subscribers with
  RETAIN=1, replaces and deletes it as told, and which subscriptions it goes to.

  @req:RET-01 @req:RET-04
  Scenario Outline: a retained message goes to later subscribers with RETAIN=1, and to current ones with RETAIN=0, over MQTT <version>
    Given client "publisher" is connected with MQTT <version>
    And client "early" is connected with MQTT <version>
    And client "late" is connected with MQTT <version>
    And "early" has subscribed to "lamp/state" at QoS 1
    When "publisher" publishes the retained message "on" to "lamp/state"
    Then [RET-04] "early" receives "on" on "lamp/state" with RETAIN 0
    When "late" subscribes to "lamp/state" at QoS 1
    Then [RET-01] "late" receives "on" on "lamp/state" with RETAIN 1

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:RET-02
  Scenario Outline: a newer retained message replaces the older one of its topic, over <versions>
    Given client "publisher" is connected with MQTT 3.1.1
    And client "subscriber" is connected with MQTT <newer>
    When "publisher" publishes the retained message "first" to "lamp/state"
    And "publisher" publishes the retained message "second" to "lamp/state"
    And "subscriber" subscribes to "lamp/state" at QoS 1
    Then "subscriber" receives "second" on "lamp/state" with RETAIN 1
    And "subscriber" receives nothing on "lamp/state"

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:RET-07
  Scenario Outline: a publish without RETAIN leaves the retained message of its topic as it was, over <versions>
    Given client "publisher" is connected with MQTT <newer>
    And client "subscriber" is connected with MQTT 3.1.1
    When "publisher" publishes the retained message "configured" to "lamp/config"
    And "publisher" publishes "passing by" to "lamp/config" at QoS 1
    And "subscriber" subscribes to "lamp/config" at QoS 1
    Then "subscriber" receives "configured" on "lamp/config" with RETAIN 1

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:RET-05
  Scenario Outline: a zero-byte retained publish deletes the retained message, and still reaches current subscribers, over <versions>
    Given client "publisher" is connected with MQTT <newer>
    And client "current" is connected with MQTT 3.1.1
    And client "late" is connected with MQTT <newer>
    And "publisher" publishes the retained message "on" to "lamp/state"
    And "current" has subscribed to "lamp/state" at QoS 1
    And "current" receives "on" on "lamp/state" with RETAIN 1
    When "publisher" deletes the retained message of "lamp/state"
    Then "current" receives "" on "lamp/state"
    When "late" subscribes to "lamp/state" at QoS 1
    Then "late" receives nothing on "lamp/state"

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:RET-03 @profile:aws-iot-core
  Scenario Outline: RETAIN is refused on a reserved $aws topic (MQTT 5: a negative PUBACK, MQTT 3.1.1: the connection closed), and nothing is stored, over <versions>
    Given client "old-publisher" is connected with MQTT 3.1.1
    And client "new-publisher" is connected with MQTT <newer>
    And client "subscriber" is connected with MQTT <newer>
    When "old-publisher" tries to publish the retained message "x" to "$aws/things/lamp-old/shadow/update"
    And "new-publisher" tries to publish the retained message "x" to "$aws/things/lamp-new/shadow/update"
    Then the broker refuses the PUBLISH of "old-publisher"
    And the broker refuses the PUBLISH of "new-publisher"
    When "subscriber" subscribes to "$aws/things/lamp-old/shadow/update" at QoS 1
    And "subscriber" subscribes to "$aws/things/lamp-new/shadow/update" at QoS 1
    Then "subscriber" receives nothing on any of these topics:
      | $aws/things/lamp-old/shadow/update |
      | $aws/things/lamp-new/shadow/update |

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:RET-09
  Scenario Outline: a Will with Will Retain=1 becomes the retained message of its topic, over MQTT <version>
    Given client "monitor" is connected with MQTT <version>
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT <version> and these CONNECT fields:
      | Will topic   | devices/d1/status |
      | Will payload | offline           |
      | Will retain  | 1                 |
    And client "late" is connected with MQTT <version>
    When "device" drops its connection
    Then "monitor" receives the Will of "device"
    When "late" subscribes to "devices/d1/status" at QoS 1
    Then "late" receives "offline" on "devices/d1/status" with RETAIN 1

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:RET-11 @profile:aws-iot-core
  Scenario Outline: the retained message and a live message published while subscribing may arrive in either order, over <versions>
    Given client "publisher" is connected with MQTT 3.1.1
    And client "subscriber" is connected with MQTT <newer>
    And "publisher" publishes the retained message "state 1" to "lamp/state"
    When "subscriber" subscribes to "lamp/state" at QoS 1
    And "publisher" publishes "state 2" to "lamp/state" at QoS 1
    Then "subscriber" receives "state 1" on "lamp/state" with RETAIN 1
    And "subscriber" receives "state 2" on "lamp/state" with RETAIN 0

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:RET-14 @profile:aws-iot-core @mqtt5
  Scenario: the MQTT 5 CONNACK says retained messages are available
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" has these properties:
      | Retain Available | 1 or absent |
