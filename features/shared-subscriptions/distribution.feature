@area:shared-subscriptions @requires:shared-subscriptions
Feature: How a shared subscription group shares the messages that match it
  Whether each matching message goes to exactly one member of a `$share/{ShareName}/{TopicFilter}`
  group, chosen at random, for MQTT 3.1.1 members as for MQTT 5 ones.

  @req:SHR-01 @req:SHR-03 @req:SHR-04 @profile:aws-iot-core @mqtt311 @mqtt5
  Scenario: 300 QoS 1 messages reach 3 members, MQTT 3.1.1 and MQTT 5 alike, once each, split as a uniform random choice would split them
    # Expected 100 per member. With 2 degrees of freedom, chi-square stays below 13.82 in 999 of
    # 1000 uniform random splits (α = 0.001): a sound broker fails this about once in 1000 runs.
    Given clients "worker-1" and "worker-2" are connected with MQTT 3.1.1
    And client "worker-3" is connected with MQTT 5
    And each of "worker-1", "worker-2" and "worker-3" has subscribed to "$share/workers/jobs" at QoS 1
    And client "dispatcher" is connected with MQTT 5
    When "dispatcher" publishes numbered messages 1 to 300 to "jobs" at QoS 1
    Then [SHR-01] "worker-1" and "worker-2" each receive at least one of the numbered messages on "jobs"
    And [SHR-03] "worker-1", "worker-2" and "worker-3" together receive each of the numbered messages 1 to 300 on "jobs" exactly once
    And [SHR-04] the split of the messages on "jobs" over "worker-1", "worker-2" and "worker-3" has a chi-square statistic below 13.82, the critical value for 2 degrees of freedom at α = 0.001

  @req:SHR-03 @mqtt5
  Scenario: each of 20 QoS 1 messages reaches exactly one of two MQTT 5 members
    Given clients "worker-1" and "worker-2" are connected with MQTT 5
    And each of "worker-1" and "worker-2" has subscribed to "$share/workers/jobs" at QoS 1
    And client "dispatcher" is connected with MQTT 5
    When "dispatcher" publishes numbered messages 1 to 20 to "jobs" at QoS 1
    Then "worker-1" and "worker-2" together receive each of the numbered messages 1 to 20 on "jobs" exactly once

  @req:SHR-10 @mqtt5
  Scenario: a message matching three groups is delivered once to each group
    # $share/consumer1/sports/tennis and $share/consumer1/sports/# share a name but not a filter:
    # they are two groups
    Given clients "client-1", "client-2", "client-3", "client-4", "client-5" and "client-6" are connected with MQTT 5
    And each of "client-1" and "client-2" has subscribed to "$share/consumer1/sports/tennis" at QoS 1
    And each of "client-3" and "client-4" has subscribed to "$share/consumer1/sports/#" at QoS 1
    And each of "client-5" and "client-6" has subscribed to "$share/consumer2/sports/tennis" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "publisher" publishes "match point" to "sports/tennis" at QoS 1
    Then each of these groups of clients receives "match point" on "sports/tennis" exactly once between them:
      | client-1 | client-2 |
      | client-3 | client-4 |
      | client-5 | client-6 |

  @req:SHR-11 @mqtt5
  Scenario: subscribers outside the group each receive their own copy while the group receives one
    Given clients "member-1", "member-2", "reader-1" and "reader-2" are connected with MQTT 5
    And each of "member-1" and "member-2" has subscribed to "$share/desk/news" at QoS 1
    And each of "reader-1" and "reader-2" has subscribed to "news" at QoS 1
    And client "publisher" is connected with MQTT 5
    When "publisher" publishes "headline" to "news" at QoS 1
    Then each of these groups of clients receives "headline" on "news" exactly once between them:
      | member-1 | member-2 |
      | reader-1 |          |
      | reader-2 |          |

  @req:SHR-09 @mqtt5
  Scenario: a shared subscription gets no retained message, an exact non-shared one does
    Given client "publisher" is connected with MQTT 5
    And "publisher" publishes the retained message "config-v1" to "config"
    And client "member" is connected with MQTT 5
    And client "reader" is connected with MQTT 5
    When "member" subscribes to "$share/devices/config" at QoS 1
    And "reader" subscribes to "config" at QoS 1
    Then "reader" receives "config-v1" on "config"
    And "member" receives nothing on "config"

  @req:SHR-13 @profile:aws-iot-core @mqtt5
  Scenario: the MQTT 5 CONNACK announces shared subscriptions as available
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" has these properties:
      | Shared Subscription Available | 1 or absent |
