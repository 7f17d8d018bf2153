@area:retained @requires:retained-messages
Feature: How long retained messages last, and how many the broker keeps
  Whether retained messages expire with their Message Expiry (MQTT 5) and never otherwise
  (MQTT 3.1.1), and whether the broker throttles retained publishes at its limit.

  @req:RET-08 @req:RET-12 @mqtt311 @mqtt5 @slow
  Scenario: an expired MQTT 5 retained message is no longer sent, while an MQTT 3.1.1 one stays
    Given client "old-publisher" is connected with MQTT 3.1.1
    And client "new-publisher" is connected with MQTT 5
    And client "subscriber" is connected with MQTT 5
    When "old-publisher" publishes the retained message "kept" to "lamp/config"
    And "new-publisher" sends a PUBLISH with:
      | topic                   | lamp/state |
      | payload                 | fleeting   |
      | QoS                     | 1          |
      | retain                  | 1          |
      | Message Expiry Interval | short      |
    And the short expiry passes
    And "subscriber" subscribes to "lamp/config" at QoS 1
    And "subscriber" subscribes to "lamp/state" at QoS 1
    Then [RET-12] "subscriber" receives "kept" on "lamp/config" with RETAIN 1
    And [RET-08] "subscriber" receives nothing on "lamp/state"

  @req:RET-10 @profile:aws-iot-core @mqtt311
  Scenario: at the retained-message limit an MQTT 3.1.1 retained publish is refused and not stored
    # the limit counts every retained message of the broker, so the scenario has a broker of its own
    Given a broker of the scenario's own, configured with:
      | retained messages | 2 |
    And client "publisher" is connected with MQTT 3.1.1
    And client "subscriber" is connected with MQTT 3.1.1
    And "publisher" publishes the retained message "1" to "shelf/one"
    And "publisher" publishes the retained message "2" to "shelf/two"
    When "publisher" tries to publish the retained message "3" to "shelf/three"
    Then the broker throttles the retained publish of "publisher"
    When "subscriber" subscribes to "shelf/three" at QoS 1
    Then "subscriber" receives nothing on "shelf/three"

  @req:RET-10 @profile:aws-iot-core @mqtt5
  Scenario: at the retained-message limit MQTT 5 retained publishes get PUBACK 0x97 until a delete makes room
    Given a broker of the scenario's own, configured with:
      | retained messages | 2 |
    And client "publisher" is connected with MQTT 5
    And client "subscriber" is connected with MQTT 5
    And "publisher" publishes the retained message "1" to "shelf/one"
    And "publisher" publishes the retained message "2" to "shelf/two"
    When "publisher" tries to publish the retained message "3" to "shelf/three"
    Then the broker throttles the retained publish of "publisher"
    When "publisher" deletes the retained message of "shelf/one"
    And "publisher" publishes the retained message "3" to "shelf/three"
    And "subscriber" subscribes to "shelf/three" at QoS 1
    Then "subscriber" receives "3" on "shelf/three" with RETAIN 1
