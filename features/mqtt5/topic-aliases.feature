@area:mqtt5
Feature: Topic aliases from the client
  Whether a PUBLISH may name its topic by an alias from 1 to 8 once the alias is set, and whether
  an alias outside that range ends the connection with 0x94.

  @req:M5-02 @profile:aws-iot-core @mqtt5
  Scenario: a topic alias set by one PUBLISH stands for the topic in the next, up to alias 8
    Given client "subscriber" is connected with MQTT 5
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "meters/#" at QoS 1
    When "publisher" publishes "reading-1" to "meters/kitchen" at QoS 1 with these properties:
      | Topic Alias | 8 |
    And "publisher" sends a PUBLISH with:
      | payload     | reading-2 |
      | QoS         | 1         |
      | Topic Alias | 8         |
    Then "subscriber" receives "reading-1" on "meters/kitchen"
    And "subscriber" receives "reading-2" on "meters/kitchen"

  @req:M5-03 @mqtt5
  Scenario: topic alias 0 is refused with DISCONNECT 0x94 "Topic Alias invalid"
    Given client "publisher" is connected with MQTT 5
    When "publisher" sends a PUBLISH breaking the topic alias rules, with:
      | topic       | meters/kitchen |
      | payload     | reading        |
      | Topic Alias | 0              |
    Then the broker disconnects "publisher" with reason code 0x94

  @req:M5-03 @mqtt5
  Scenario: a topic alias of the Topic Alias Maximum the CONNACK announced is taken
    # the maximum is the broker's own (8 for an AWS-like broker [M5-02], checked there)
    Given client "publisher" is connected with MQTT 5
    And client "subscriber" is connected with MQTT 5
    And "subscriber" has subscribed to "meters/#" at QoS 1
    When "publisher" publishes "at the maximum" to "meters/kitchen" at QoS 1 with these properties:
      | Topic Alias | the broker's maximum |
    Then "subscriber" receives "at the maximum" on "meters/kitchen"

  @req:M5-03 @mqtt5
  Scenario: a topic alias above the Topic Alias Maximum of the CONNACK is refused with DISCONNECT 0x94 "Topic Alias invalid"
    Given client "publisher" is connected with MQTT 5
    When "publisher" sends a PUBLISH breaking the topic alias rules, with:
      | topic       | meters/kitchen                 |
      | payload     | reading                        |
      | Topic Alias | one above the broker's maximum |
    Then the broker disconnects "publisher" with reason code 0x94
