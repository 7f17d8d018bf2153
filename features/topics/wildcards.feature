@area:topics
Feature: Which topics a wildcard filter matches
  Whether "#" matches its parent level, and whether filters starting with a wildcard see "$" topics.

  @req:DIF-01 @profile:aws-iot-core
  Scenario Outline: "sensor/#" matches every level below "sensor" but not "sensor" itself over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "sensor/#" at QoS 1
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | sensor                   |
      | sensor/                  |
      | sensor/temperature       |
      | sensor/temperature/room1 |
    Then "subscriber" receives a message on each of these topics:
      | sensor/                  |
      | sensor/temperature       |
      | sensor/temperature/room1 |
    And "subscriber" receives nothing on "sensor"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:DIF-01 @profile:oasis
  Scenario Outline: "sensor/#" also matches its parent "sensor" under OASIS over MQTT <version>
    Given client "subscriber" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "sensor/#" at QoS 1
    When "publisher" publishes its topic name to each of these topics at QoS 1:
      | sensor                   |
      | sensor/                  |
      | sensor/temperature/room1 |
    Then "subscriber" receives a message on each of these topics:
      | sensor                   |
      | sensor/                  |
      | sensor/temperature/room1 |

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:DIF-07
  Scenario Outline: filters starting with a wildcard do not match a topic starting with "$" over MQTT <version>
    Given client "everything" is connected with MQTT <version>
    And client "plus" is connected with MQTT <version>
    And client "exact" is connected with MQTT <version>
    And client "publisher" is connected with MQTT <version>
    And "everything" has subscribed to the broker-wide filter "#" at QoS 0
    And "plus" has subscribed to the broker-wide filter "+/+/things/+/shadow/update" at QoS 0
    And "exact" has subscribed to "$aws/things/lamp/shadow/update" at QoS 0
    When "publisher" publishes "{\"state\":{}}" to "$aws/things/lamp/shadow/update" at QoS 0
    Then "exact" receives "{\"state\":{}}" on "$aws/things/lamp/shadow/update", unless the broker delivers no message on a topic beginning with "$"
    And "everything" receives nothing on "$aws/things/lamp/shadow/update"
    And "plus" receives nothing on "$aws/things/lamp/shadow/update"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |
