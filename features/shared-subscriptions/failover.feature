@area:shared-subscriptions @requires:shared-subscriptions
Feature: What a shared subscription group does when a member fails or is away
  Whether messages meant for a member that drops, cannot take them, or is offline reach the other
  members at QoS 1, and are dropped rather than retried at QoS 0.

  @req:SHR-05
  Scenario Outline: after a member disconnects, the remaining member receives every further message, over MQTT <version>
    Given clients "worker-1" and "worker-2" are connected with MQTT <version>
    And each of "worker-1" and "worker-2" has subscribed to "$share/workers/jobs" at QoS 1
    And client "dispatcher" is connected with MQTT <version>
    When "worker-2" disconnects
    And "dispatcher" publishes numbered messages 1 to 20 to "jobs" at QoS 1
    Then "worker-1" receives each of the numbered messages 1 to 20 on "jobs"

    # shared subscriptions over MQTT 3.1.1 are an AWS IoT Core extension [SHR-01]
    @mqtt311 @profile:aws-iot-core
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:SHR-07 @profile:aws-iot-core @mqtt311
  Scenario: the messages a member had not acknowledged when it dropped reach the other members, over MQTT 3.1.1
    # "worker-3" never acknowledges: everything it was given must reach the other two
    Given clients "worker-1", "worker-2" and "worker-3" are connected with MQTT 3.1.1
    And each of "worker-1", "worker-2" and "worker-3" has subscribed to "$share/workers/jobs" at QoS 1
    And "worker-3" withholds its PUBACKs
    And client "dispatcher" is connected with MQTT 3.1.1
    When "dispatcher" publishes numbered messages 1 to 30 to "jobs" at QoS 1
    Then "worker-3" receives at least one of the numbered messages on "jobs"
    When "worker-3" drops its connection
    Then "worker-1" and "worker-2" together receive each of the numbered messages 1 to 30 on "jobs"

  @req:SHR-07 @profile:aws-iot-core @mqtt5
  Scenario: a QoS 1 message the chosen member cannot take goes to another member
    # "small" accepts packets of 256 bytes at most [M5-10], so every 1000-byte message the random
    # choice gives it fails there and must be retried on "large"
    Given client "small" is connected with MQTT 5 and these CONNECT fields:
      | Maximum Packet Size | 256 |
    And client "large" is connected with MQTT 5
    And each of "small" and "large" has subscribed to "$share/workers/jobs" at QoS 1
    And client "dispatcher" is connected with MQTT 5
    When "dispatcher" publishes numbered messages 1 to 20 of 1000 bytes each to "jobs" at QoS 1
    Then "large" receives each of the numbered messages 1 to 20 on "jobs"

  @req:SHR-06 @profile:aws-iot-core @mqtt5
  Scenario: a QoS 0 message the chosen member cannot take is dropped, not given to another member
    # the same two members at QoS 0: the messages the random choice gives "small" are lost, so
    # "large" gets some but not all 20 (it would get all 20 with probability 2^-20)
    Given client "small" is connected with MQTT 5 and these CONNECT fields:
      | Maximum Packet Size | 256 |
    And client "large" is connected with MQTT 5
    And each of "small" and "large" has subscribed to "$share/workers/jobs" at QoS 0
    And client "dispatcher" is connected with MQTT 5
    When "dispatcher" publishes numbered messages 1 to 20 of 1000 bytes each to "jobs" at QoS 0
    Then "large" receives some but fewer than 20 of the numbered messages on "jobs"

  @req:SHR-08 @profile:aws-iot-core @mqtt5
  Scenario: an offline member with a persistent session gets nothing queued; the online member gets everything
    Given client "sleeper" is connected with MQTT 5 and a persistent session
    And client "worker" is connected with MQTT 5
    And each of "sleeper" and "worker" has subscribed to "$share/workers/jobs" at QoS 1
    And client "dispatcher" is connected with MQTT 5
    When "sleeper" disconnects
    And "dispatcher" publishes numbered messages 1 to 10 to "jobs" at QoS 1
    Then "worker" receives each of the numbered messages 1 to 10 on "jobs"
    When "sleeper" reconnects with MQTT 5 and its persistent session
    Then "sleeper" receives nothing on "jobs"
