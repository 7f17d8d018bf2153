@area:monitoring
Feature: Monitoring device connections in near-real time with a Last Will and a rule
  The walk-through "Monitor AWS IoT connections in near-real time using MQTT LWT", told as it
  happens. The device lwtThing connects with a keep-alive and a Will on /last/will/topic, says it
  is connected on /lwt/connected/topic, and then loses power. The broker notices, publishes the
  Will, and the rule lastWillRule republishes it to /lwt/executed and sends a notification (the
  walk-through's e-mail; here an HTTP sink on 127.0.0.1 that counts calls). A device that leaves
  properly triggers nothing. Intervals are shortened: the keep-alive is the shortest the broker
  checks in time (1 s for a broker that checks exactly) instead of 30 s. The rule is AWS IoT Core's:
  that part of the story is judged under the aws-iot-core profile, and so is its presence chapter:
  the monitor also hears AWS IoT Core's lifecycle events, a disconnected event whose reason says
  whether the Will came with it.

  @req:MON-01 @req:MON-02 @req:LWT-06 @mqtt311 @slow
  Scenario: lwtThing announces itself, falls silent, and the broker publishes its Will unchanged
    # a broker with a shortest keep-alive (AWS IoT Core: 30 s) [LIM-01] is asked for a short one
    Given the broker is configured with:
      | shortest keep-alive | short (if it can be set) |
    And client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to "/lwt/connected/topic" at QoS 1
    And "monitor" has subscribed to "/last/will/topic" at QoS 1
    And client "lwtThing" is connected with MQTT 3.1.1, a short keep-alive and this Will on "/last/will/topic" at QoS 0:
      """json
      {"state":{"reported":{"last_will":"yes","trigger_action":"on","client_id":"lwtThing"}}}
      """
    When "lwtThing" publishes "{\"message\": \"AWS IoT Thing connected message to IoT Core\"}" to "/lwt/connected/topic" at QoS 1
    Then [MON-01] "monitor" receives "{\"message\": \"AWS IoT Thing connected message to IoT Core\"}" on "/lwt/connected/topic"
    When "lwtThing" falls silent
    Then [LWT-06] the broker closes the connection of "lwtThing" 1.5 times its keep-alive after its last packet
    And [MON-02] "monitor" receives the Will of "lwtThing"

  @requires:rules @profile:aws-iot-core
  Rule: the rule lastWillRule acts on lwtThing's Will, and on nothing else

    Background:
      Given a notification sink is listening on 127.0.0.1
      And the broker under test runs the rule "lastWillRule", republishing to "/lwt/executed" and notifying the sink:
        """sql
        SELECT * FROM '/last/will/topic' WHERE state.reported.last_will = 'yes' AND state.reported.trigger_action = 'on'
        """
      And client "monitor" is connected with MQTT 3.1.1
      And "monitor" has subscribed to "/last/will/topic" at QoS 0
      And "monitor" has subscribed to "/lwt/executed" at QoS 0

    @req:MON-03 @mqtt311
    Scenario: lwtThing loses power: its Will is republished to /lwt/executed and one notification is sent
      Given client "lwtThing" is connected with MQTT 3.1.1, keep-alive 30 s and this Will on "/last/will/topic" at QoS 0:
        """json
        {"state":{"reported":{"last_will":"yes","trigger_action":"on","client_id":"lwtThing"}}}
        """
      When "lwtThing" drops its connection
      Then "monitor" receives the Will of "lwtThing"
      And "monitor" receives the Will of "lwtThing" republished on "/lwt/executed"
      And the notification sink records exactly one notification, carrying the Will of "lwtThing"

    @req:MON-04 @mqtt311
    Scenario: a Will with trigger_action "off" is published, but the rule does not act on it
      Given client "lwtThing" is connected with MQTT 3.1.1, keep-alive 30 s and this Will on "/last/will/topic" at QoS 0:
        """json
        {"state":{"reported":{"last_will":"yes","trigger_action":"off","client_id":"lwtThing"}}}
        """
      When "lwtThing" drops its connection
      Then "monitor" receives the Will of "lwtThing"
      And nothing reaches "monitor" on these topics, nor the notification sink:
        | /lwt/executed |

    @req:MON-05 @mqtt311
    Scenario: lwtThing disconnects properly: no Will, no rule action, no notification
      Given client "lwtThing" is connected with MQTT 3.1.1, keep-alive 30 s and this Will on "/last/will/topic" at QoS 0:
        """json
        {"state":{"reported":{"last_will":"yes","trigger_action":"on","client_id":"lwtThing"}}}
        """
      When "lwtThing" disconnects
      Then nothing reaches "monitor" on these topics, nor the notification sink:
        | /last/will/topic |
        | /lwt/executed    |

    @req:MON-06
    Scenario Outline: monitors on the three debug topics watch the whole flow at once, over MQTT <version>
      Given client "connection-monitor" is connected with MQTT <version>
      And "connection-monitor" has subscribed to "/lwt/connected/topic" at QoS 0
      And client "will-monitor" is connected with MQTT <version>
      And "will-monitor" has subscribed to "/last/will/topic" at QoS 0
      And client "rule-monitor" is connected with MQTT <version>
      And "rule-monitor" has subscribed to "/lwt/executed" at QoS 0
      And client "lwtThing" is connected with MQTT 3.1.1, keep-alive 30 s and this Will on "/last/will/topic" at QoS 0:
        """json
        {"state":{"reported":{"last_will":"yes","trigger_action":"on","client_id":"lwtThing"}}}
        """
      When "lwtThing" publishes "{\"message\": \"AWS IoT Thing connected message to IoT Core\"}" to "/lwt/connected/topic" at QoS 1
      And "lwtThing" drops its connection
      Then "connection-monitor" receives "{\"message\": \"AWS IoT Thing connected message to IoT Core\"}" on "/lwt/connected/topic"
      And "will-monitor" receives the Will of "lwtThing"
      And "rule-monitor" receives the Will of "lwtThing" republished on "/lwt/executed"

      @mqtt311
      Examples: monitors on MQTT 3.1.1
        | version |
        | 3.1.1   |

      @mqtt311 @mqtt5
      Examples: monitors on MQTT 5, the device on MQTT 3.1.1
        | version |
        | 5       |

  @requires:lifecycle-events @profile:aws-iot-core
  Rule: the monitor also watches lwtThing's presence: why it left, next to its Will

    @req:MON-02 @req:EVT-03 @mqtt311 @slow
    Scenario: lwtThing falls silent: the monitor sees its Will and a disconnected event saying MQTT_KEEP_ALIVE_TIMEOUT
      Given the broker is configured with:
        | shortest keep-alive | short (if it can be set) |
      And client "monitor" is connected with MQTT 3.1.1
      And "monitor" has subscribed to "/last/will/topic" at QoS 1
      And "monitor" has subscribed to the disconnected events of "lwtThing"
      And client "lwtThing" is connected with MQTT 3.1.1, a short keep-alive and this Will on "/last/will/topic" at QoS 0:
        """json
        {"state":{"reported":{"last_will":"yes","trigger_action":"on","client_id":"lwtThing"}}}
        """
      When "lwtThing" falls silent
      Then [MON-02] the broker closes the connection of "lwtThing" 1.5 times its keep-alive after its last packet
      And [MON-02] "monitor" receives the Will of "lwtThing"
      And [EVT-03] "monitor" receives the disconnected event of "lwtThing" with:
        | disconnectReason          | MQTT_KEEP_ALIVE_TIMEOUT |
        | clientInitiatedDisconnect | false                   |

    @req:MON-05 @req:EVT-03 @mqtt311
    Scenario: lwtThing disconnects properly: the monitor sees CLIENT_INITIATED_DISCONNECT and no Will
      Given client "monitor" is connected with MQTT 3.1.1
      And "monitor" has subscribed to "/last/will/topic" at QoS 1
      And "monitor" has subscribed to the disconnected events of "lwtThing"
      And client "lwtThing" is connected with MQTT 3.1.1, keep-alive 30 s and this Will on "/last/will/topic" at QoS 0:
        """json
        {"state":{"reported":{"last_will":"yes","trigger_action":"on","client_id":"lwtThing"}}}
        """
      When "lwtThing" disconnects
      Then [EVT-03] "monitor" receives the disconnected event of "lwtThing" with:
        | disconnectReason          | CLIENT_INITIATED_DISCONNECT |
        | clientInitiatedDisconnect | true                        |
      And [MON-05] "monitor" receives nothing on "/last/will/topic"
